"""Categories: read by anyone (Public, Private, Admin), created by staff (Admin API)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from streamz.core.identity.entities import Principal
from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
from streamz.core.live.get_category import GetCategory, GetCategoryRequest
from streamz.core.live.list_categories import ListCategories, ListCategoriesRequest
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses
from streamz.entrypoints.http.social.params import After, CategoryId, Limit
from streamz.entrypoints.http.social.views import CategoryOut, CategoryPage, CreateCategoryIn


class CategoriesController(Controller):
    path = "/categories"
    tags = ["categories"]

    @get("/", summary="Categories by name", responses=problem_responses(*READ_ERRORS))
    @inject
    async def list_categories(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListCategories],
        limit: Limit = 20,
        after: After = None,
    ) -> CategoryPage:
        """Lists categories by name, with a cursor. Anyone may read."""
        page = await use_case(ListCategoriesRequest(principal, limit, after))
        return CategoryPage([CategoryOut.of(c) for c in page.data], page.next)

    @get(
        "/{identifier:str}",
        summary="Fetch a category by id or slug",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_category(
        self,
        identifier: CategoryId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetCategory],
    ) -> CategoryOut:
        """Returns a category by id or slug. Anyone may read. 404 if there is no such category."""
        return CategoryOut.of(await use_case(GetCategoryRequest(principal, identifier)))


class AdminCategoriesController(Controller):
    path = "/categories"
    tags = ["categories"]

    @post("/", summary="Create a category (staff)", responses=problem_responses(*WRITE_ERRORS))
    @inject
    async def create_category(
        self,
        data: JSONBody[CreateCategoryIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[CreateCategory],
    ) -> CategoryOut:
        """Creates a category. Staff only. 409 if the slug is taken."""
        request = CreateCategoryRequest(
            principal, data.name, data.slug, list(data.genres), data.cover_url, data.igdb_id
        )
        return CategoryOut.of(await use_case(request))

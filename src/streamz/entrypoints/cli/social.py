"""`streamzctl` commands of the social context: categories (create, list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from streamz.core.identity.entities import Principal
from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
from streamz.core.live.entities import Category
from streamz.core.live.list_categories import ListCategories, ListCategoriesRequest
from streamz.core.shared.pages import Page
from streamz.entrypoints.cli.runtime import (
    cli_errors,
    echo_json,
    resolve_settings,
    run_with_container,
)

if TYPE_CHECKING:
    from dishka import AsyncContainer

categories = typer.Typer(help="Categories: create, list.", no_args_is_help=True)


@categories.command("create")
@cli_errors
def create(
    name: Annotated[str, typer.Argument(help="display name, 1-128 characters")],
    slug: Annotated[str | None, typer.Option(help="default: made from the name")] = None,
    genre: Annotated[list[str] | None, typer.Option(help="a genre (repeat for more)")] = None,
    cover_url: Annotated[str | None, typer.Option(help="http(s) URL of the cover")] = None,
    igdb_id: Annotated[int | None, typer.Option(help="IGDB game id")] = None,
) -> None:
    """Create a category (as staff on the Admin API) and print it."""
    from streamz.entrypoints.http.social.views import CategoryOut

    async def work(container: AsyncContainer) -> Category:
        async with container() as request:
            use_case = await request.get(CreateCategory)
            return await use_case(
                CreateCategoryRequest(
                    Principal.system(), name, slug, list(genre or []), cover_url, igdb_id
                )
            )

    echo_json(CategoryOut.of(run_with_container(resolve_settings(), work)))


@categories.command("list")
@cli_errors
def list_categories(
    limit: Annotated[int, typer.Option(min=1, max=100, help="page size")] = 100,
    after: Annotated[str | None, typer.Option(help="cursor from `next`")] = None,
) -> None:
    """Print one page of categories, by name (`next` is the cursor for the next)."""
    from streamz.entrypoints.http.social.views import CategoryOut, CategoryPage

    async def work(container: AsyncContainer) -> Page[Category]:
        async with container() as request:
            use_case = await request.get(ListCategories)
            return await use_case(ListCategoriesRequest(Principal.system(), limit, after))

    page = run_with_container(resolve_settings(), work)
    echo_json(CategoryPage([CategoryOut.of(c) for c in page.data], page.next))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    root.add_typer(categories, name="categories")

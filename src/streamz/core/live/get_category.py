from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.entities import Category
from streamz.core.live.lookup import find_category
from streamz.ports.categories import CategoryRepository


@dataclass(frozen=True, slots=True)
class GetCategoryRequest:
    actor: Principal
    identifier: str  # category id or slug


@dataclass(frozen=True, slots=True)
class GetCategory:
    """A category by id or slug, for anyone.

    - Soft-deleted or unknown: ``category-not-found``.
    """

    categories: CategoryRepository

    async def __call__(self, request: GetCategoryRequest) -> Category:
        return await find_category(self.categories, request.identifier)

"""Finding a category by a category identifier: its id or its slug (soft-deleted ones hidden)."""

from __future__ import annotations

from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryNotFound
from streamz.core.shared.ids import parse_id
from streamz.ports.categories import CategoryRepository


async def find_category(categories: CategoryRepository, identifier: str) -> Category:
    category_id = parse_id(identifier)
    if category_id is not None:
        category = await categories.get(category_id)
    else:
        category = await categories.by_slug(identifier.strip().lower())
    if category is None or category.deleted_at is not None:
        raise CategoryNotFound(f"no category {identifier!r}")
    return category

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.live.entities import Category
from streamz.core.shared.ids import parse_id
from streamz.core.shared.pages import Page, check_limit, decode_cursor, encode_cursor
from streamz.ports.categories import CategoryRepository


@dataclass(frozen=True, slots=True)
class ListCategoriesRequest:
    actor: Principal
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListCategories:
    """Categories by name (then id), for anyone; soft-deleted ones are left out.

    - Cursor pagination.
    """

    categories: CategoryRepository

    async def __call__(self, request: ListCategoriesRequest) -> Page[Category]:
        limit = check_limit(request.limit)
        after = None
        if request.after is not None:
            name, raw_id = decode_cursor(request.after, 2)
            category_id = parse_id(raw_id)
            if category_id is None:
                raise Invalid.field("query.after", "cursor is malformed")
            after = (name, category_id)
        rows = await self.categories.list(limit=limit + 1, after=after)
        page = rows[:limit]
        cursor = None
        if len(rows) > limit:
            cursor = encode_cursor([page[-1].name, str(page[-1].id)])
        return Page(page, cursor)

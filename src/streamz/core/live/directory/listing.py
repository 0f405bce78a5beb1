"""What every live listing shares: its query (filters, order, page), resolved and checked, and
the keyset cursors of its pages.

A cursor holds the order it was made for and the sort value and id of the last row of its
page; the next page holds the rows strictly after that pair in that order. Viewer counts
move while a stream is live, so a stream whose count crosses the cursor between two pages may
show twice or not at all; the start time and the id never change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.errors import Invalid
from streamz.core.live.directory.entities import (
    Keyset,
    ListingFilters,
    ListingSort,
    SortKey,
    StreamCard,
)
from streamz.core.live.directory.errors import (
    ListingSortInvalid,
    StreamCategoryUnknown,
    StreamLanguageInvalid,
    StreamTagsInvalid,
)
from streamz.core.live.directory.rules import Problems, check_language, check_tags
from streamz.core.live.errors import CategoryNotFound
from streamz.core.live.lookup import find_category
from streamz.core.shared.ids import parse_id
from streamz.core.shared.pages import Page, check_limit, decode_cursor, encode_cursor
from streamz.ports.categories import CategoryRepository

ORDERS = ("desc", "asc")


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """Filters, order and page of a live listing, as a caller sends them.

    - ``category``: id or slug (the directory only; a category's listing names it in its path).
    - ``language``: a BCP 47 tag; ``tags``: each normalised as stream tags are.
    - ``sort``: ``viewers`` or ``started_at``; ``order``: ``desc`` (default) or ``asc``.
    """

    category: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    mature: bool | None = None
    sort: str = SortKey.VIEWERS
    order: str = "desc"
    limit: int = 20
    after: str | None = None


async def resolve_filters(
    categories: CategoryRepository, query: ListingQuery, *, category_id: uuid.UUID | None = None
) -> ListingFilters:
    """The filters of ``query``; ``category_id`` (from a path) wins over ``query.category``."""
    problems = Problems("listing query")
    language = None
    if query.language is not None:
        language = check_language(problems, StreamLanguageInvalid, "query.language", query.language)
    tags = check_tags(problems, StreamTagsInvalid, "query.tags", query.tags)
    if category_id is None and query.category is not None:
        try:
            category_id = (await find_category(categories, query.category)).id
        except CategoryNotFound:
            problems.add(
                StreamCategoryUnknown, "query.category", f"no category {query.category[:64]!r}"
            )
    problems.raise_if_any()
    return ListingFilters(category_id, language, tags, query.mature)


def parse_sort(query: ListingQuery) -> ListingSort:
    problems = Problems("listing order")
    if query.sort not in SortKey.ALL:
        problems.add(ListingSortInvalid, "query.sort", f"sort must be one of {SortKey.ALL}")
    if query.order not in ORDERS:
        problems.add(ListingSortInvalid, "query.order", f"order must be one of {ORDERS}")
    problems.raise_if_any()
    return ListingSort(query.sort, query.order == "desc")


def _malformed() -> Invalid:
    return Invalid.field("query.after", "cursor is malformed")


def decode_keyset(cursor: str, sort: ListingSort) -> Keyset:
    key, order, raw_value, raw_id = decode_cursor(cursor, 4)
    if (key, order) != (sort.key, "desc" if sort.descending else "asc"):
        raise Invalid.field("query.after", "this cursor was made for another sort or order")
    row_id = parse_id(raw_id)
    if row_id is None:
        raise _malformed()
    value: int | datetime
    try:
        if key == SortKey.VIEWERS:
            value = int(raw_value)
        else:
            value = datetime.fromisoformat(raw_value)
            if value.tzinfo is None:
                raise ValueError(raw_value)
    except ValueError:
        raise _malformed() from None
    return Keyset(value, row_id)


def sort_value(card: StreamCard, sort: ListingSort) -> int | datetime:
    stream = card.livestream
    return stream.viewers if sort.key == SortKey.VIEWERS else stream.started_at


def encode_keyset(card: StreamCard, sort: ListingSort) -> str:
    value = sort_value(card, sort)
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    order = "desc" if sort.descending else "asc"
    return encode_cursor([sort.key, order, text, str(card.livestream.id)])


def page_of(rows: list[StreamCard], limit: int, sort: ListingSort) -> Page[StreamCard]:
    """The first ``limit`` of ``rows`` (fetched ``limit + 1``) and the next page's cursor."""
    page = rows[:limit]
    cursor = encode_keyset(page[-1], sort) if len(rows) > limit else None
    return Page(page, cursor)


def checked_page(query: ListingQuery) -> tuple[int, ListingSort, Keyset | None]:
    """The page size, the order and where to start, or ``Invalid``."""
    limit = check_limit(query.limit)
    sort = parse_sort(query)
    after = decode_keyset(query.after, sort) if query.after is not None else None
    return limit, sort, after

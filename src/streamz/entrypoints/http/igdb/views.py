"""What IGDB's webhooks send (documented here; the use cases check it strictly) and what we
answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec

from streamz.core.live.entities import Category
from streamz.core.live.igdb.sync import SyncResult
from streamz.entrypoints.http.requests import decode_body

IgdbId = Annotated[int, msgspec.Meta(ge=1, description="IGDB id", examples=[1942])]


class IgdbImageIn(msgspec.Struct, frozen=True):
    """An expanded image (``cover.image_id`` / ``cover.url``)."""

    id: int | None = None
    image_id: str | None = None
    url: str | None = None


class IgdbNamedIn(msgspec.Struct, frozen=True):
    """An expanded genre or alternative name."""

    id: int | None = None
    name: str | None = None


class IgdbGameIn(msgspec.Struct, frozen=True):
    """IGDB's game object (webhooks send it unexpanded: ids for cover, genres, alternative
    names). Other IGDB fields are accepted and ignored."""

    id: IgdbId
    name: Annotated[str, msgspec.Meta(min_length=1, examples=["The Witcher 3: Wild Hunt"])]
    slug: str | None = None
    cover: int | IgdbImageIn | None = None
    genres: list[int | IgdbNamedIn] | None = None
    alternative_names: list[int | IgdbNamedIn] | None = None
    updated_at: Annotated[int, msgspec.Meta(ge=0, description="unix seconds")] | None = None


class IgdbGameRefIn(msgspec.Struct, frozen=True):
    """What IGDB's delete webhook needs of the game: its id."""

    id: IgdbId


def sent_body(raw: bytes) -> Any:
    """The body as sent, for the use case to check strictly (the structs above document it)."""
    return decode_body(raw)


class IgdbCategoryOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    igdb_id: int | None
    name: str
    slug: str
    cover_url: str | None
    genres: list[str]
    aliases: list[str]
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @classmethod
    def of(cls, c: Category) -> IgdbCategoryOut:
        return cls(
            c.id,
            c.igdb_id,
            c.name,
            c.slug,
            c.cover_url,
            list(c.genres),
            list(c.aliases),
            c.created_at,
            c.updated_at,
            c.deleted_at,
        )


class IgdbSyncOut(msgspec.Struct, frozen=True):
    result: Annotated[
        str,
        msgspec.Meta(
            description="created, updated, deleted, unchanged (a replay), stale (older than "
            "what was applied) or unknown (delete of a game we never had)"
        ),
    ]
    category: IgdbCategoryOut | None
    changes: list[str]  # fields an update changed

    @classmethod
    def of(cls, result: SyncResult) -> IgdbSyncOut:
        category = IgdbCategoryOut.of(result.category) if result.category else None
        return cls(str(result.outcome), category, list(result.changes))

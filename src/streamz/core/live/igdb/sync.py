"""The writes of the IGDB sync, shared by the webhooks and the dump import (no commit here)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from streamz.core.live.entities import Category
from streamz.core.live.igdb.game import IgdbGame, slug_with_id
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.igdb import IgdbCategoryRepository
from streamz.ports.unit_of_work import UnitOfWork

CREATED = "category.created"
UPDATED = "category.updated"
DELETED = "category.deleted"
# what an IGDB game decides; the order of ``changes`` in ``category.updated``
SYNCED = ("igdb_id", "name", "slug", "cover_url", "genres", "aliases", "deleted_at")


class SyncOutcome(enum.StrEnum):
    CREATED = "created"  # a new category
    UPDATED = "updated"  # changed, adopted (merged by slug) or revived
    DELETED = "deleted"  # soft-deleted
    UNCHANGED = "unchanged"  # a replay, or already deleted: nothing to do
    STALE = "stale"  # older than what was applied (IGDB's updated_at): ignored
    UNKNOWN = "unknown"  # delete of a game we never had: ignored


@dataclass(frozen=True, slots=True)
class SyncResult:
    outcome: SyncOutcome
    category: Category | None
    changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IgdbSync:
    """Upsert by IGDB id, merge by slug, soft delete; one outbox event per visible change.

    - Writers of one IGDB id are serialised (``lock``), so concurrent deliveries of a new game
      create it once.
    - Upsert: the category with this IGDB id (deleted or not); else a category of the same
      slug without an IGDB id adopts it (staff made it first: no duplicate); else a new one.
      A slug held by another category gets the IGDB id appended (``chess-1234``).
    - Name and slug always come from IGDB; cover, genres and aliases only when the payload
      carries them (see ``game``). Counters and ``created_at`` are kept.
    - ``updated_at`` older than the last one applied: ``STALE``, nothing written. A deleted
      category revives on a create/update newer than the last one applied (or without
      ``updated_at``): a replay of the update before the delete does not revive it.
    - Same content again: ``UNCHANGED``, no event (only a newer IGDB time is recorded).
    - Events (key: category id): ``category.created``, ``category.updated`` (with
      ``changes``), ``category.deleted``; payloads carry what a search index needs.
    """

    categories: IgdbCategoryRepository
    uow: UnitOfWork
    clock: Clock

    async def upsert(self, game: IgdbGame) -> SyncResult:
        await self.categories.lock(game.igdb_id)
        current = await self.categories.by_igdb_id(game.igdb_id)
        holder = current
        if current is None or current.slug != game.slug:
            holder = await self.categories.by_slug(game.slug)
        if current is None and holder is not None and holder.igdb_id is None:
            current = holder  # merge: adopt the category staff made with this slug
        if current is not None and _stale(current, game):
            return SyncResult(SyncOutcome.STALE, current)
        slug = game.slug
        if holder is not None and (current is None or holder.id != current.id):
            slug = slug_with_id(game.slug, game.igdb_id)
        now = self.clock.now()
        if current is None:
            created = Category(
                id=new_id(),
                igdb_id=game.igdb_id,
                name=game.name,
                slug=slug,
                cover_url=game.cover_url,
                genres=game.genres or (),
                followers_count=0,
                live_viewers=0,
                created_at=now,
                updated_at=now,
                aliases=game.aliases or (),
                igdb_updated_at=game.updated_at,
            )
            await self.categories.add(created)
            await self._emit(CREATED, created, _payload(created))
            return SyncResult(SyncOutcome.CREATED, created)
        target = replace(
            current,
            igdb_id=game.igdb_id,
            name=game.name,
            slug=slug,
            cover_url=current.cover_url if game.cover_url is None else game.cover_url,
            genres=current.genres if game.genres is None else game.genres,
            aliases=current.aliases if game.aliases is None else game.aliases,
            deleted_at=None,
            igdb_updated_at=_newest(current, game),
        )
        changes = tuple(f for f in SYNCED if getattr(target, f) != getattr(current, f))
        if not changes:
            if target.igdb_updated_at != current.igdb_updated_at:
                await self.categories.update(target)  # same content, newer IGDB time
            return SyncResult(SyncOutcome.UNCHANGED, target)
        updated = replace(target, updated_at=now)
        await self.categories.update(updated)
        await self._emit(UPDATED, updated, {**_payload(updated), "changes": list(changes)})
        return SyncResult(SyncOutcome.UPDATED, updated, changes)

    async def delete(self, igdb_id: int) -> SyncResult:
        await self.categories.lock(igdb_id)
        current = await self.categories.by_igdb_id(igdb_id)
        if current is None:
            return SyncResult(SyncOutcome.UNKNOWN, None)
        if current.deleted_at is not None:
            return SyncResult(SyncOutcome.UNCHANGED, current)
        now = self.clock.now()
        deleted = replace(current, deleted_at=now, updated_at=now)
        await self.categories.update(deleted)
        payload = {
            "category_id": str(deleted.id),
            "igdb_id": igdb_id,
            "slug": deleted.slug,
            "name": deleted.name,
            "source": "igdb",
        }
        await self._emit(DELETED, deleted, payload)
        return SyncResult(SyncOutcome.DELETED, deleted, ("deleted_at",))

    async def _emit(self, topic: str, category: Category, payload: dict[str, Any]) -> None:
        event = Event(topic, str(category.id), payload, category.updated_at)
        self.uow.record(event)


def _stale(current: Category, game: IgdbGame) -> bool:
    if current.igdb_id != game.igdb_id or current.igdb_updated_at is None:
        return False
    if game.updated_at is None:
        return False
    if current.deleted_at is not None:  # only something newer than the last applied revives
        return game.updated_at <= current.igdb_updated_at
    return game.updated_at < current.igdb_updated_at


def _newest(current: Category, game: IgdbGame) -> datetime | None:
    if game.updated_at is None:
        return current.igdb_updated_at
    if current.igdb_updated_at is None or current.igdb_id != game.igdb_id:
        return game.updated_at
    return max(current.igdb_updated_at, game.updated_at)


def _payload(category: Category) -> dict[str, Any]:
    return {
        "category_id": str(category.id),
        "igdb_id": category.igdb_id,
        "slug": category.slug,
        "name": category.name,
        "cover_url": category.cover_url,
        "genres": list(category.genres),
        "aliases": list(category.aliases),
        "source": "igdb",
    }

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.igdb.game import parse_game_id
from streamz.core.live.igdb.sync import IgdbSync, SyncResult
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class DeleteIgdbGameRequest:
    actor: Principal
    game: object  # IGDB's game object (only ``id`` is needed), as decoded from JSON


@dataclass(frozen=True, slots=True)
class DeleteIgdbGame:
    """Soft-deletes the category of an IGDB game (IGDB's ``delete`` webhook).

    - The system only. No positive ``id``: ``IgdbGameInvalid`` (nothing written).
    - The category leaves listings and lookups (``deleted_at``); follows and the slug stay, so
      a later create/update revives it (see ``IgdbSync``).
    - Already deleted: ``unchanged``; a game we never had: ``unknown``; nothing written, no
      error (the sender would retry an error for a day).
    - Emits ``category.deleted``.
    """

    sync: IgdbSync
    uow: UnitOfWork

    async def __call__(self, request: DeleteIgdbGameRequest) -> SyncResult:
        request.actor.require_system()
        result = await self.sync.delete(parse_game_id(request.game))
        await self.uow.commit()
        return result

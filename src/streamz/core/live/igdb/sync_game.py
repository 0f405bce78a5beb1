from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.igdb.game import parse_game
from streamz.core.live.igdb.sync import IgdbSync, SyncResult
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SyncIgdbGameRequest:
    actor: Principal
    game: object  # IGDB's game object, as decoded from JSON


@dataclass(frozen=True, slots=True)
class SyncIgdbGame:
    """Applies an IGDB game sent by its ``create`` or ``update`` webhook (both upsert: IGDB may
    deliver them out of order).

    - The system only (the webhook after its ``X-Secret`` check, the CLI, workers).
    - The payload maps as ``game.parse_game`` says; not a game: ``IgdbGameInvalid`` (nothing
      written).
    - Upsert, merge by slug, staleness, revival and events: see ``IgdbSync``. A replay gives
      ``unchanged`` and writes nothing.
    """

    sync: IgdbSync
    uow: UnitOfWork

    async def __call__(self, request: SyncIgdbGameRequest) -> SyncResult:
        request.actor.require_system()
        result = await self.sync.upsert(parse_game(request.game))
        await self.uow.commit()
        return result

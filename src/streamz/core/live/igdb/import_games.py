from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.live.igdb.game import IgdbGame, parse_game
from streamz.core.live.igdb.sync import IgdbSync, SyncOutcome
from streamz.ports.unit_of_work import UnitOfWork

MAX_BATCH = 10_000


@dataclass(frozen=True, slots=True)
class DumpEntry:
    position: int  # where the entry is in the dump (line or item number), for the report
    game: object  # IGDB's game object, as decoded from JSON


@dataclass(frozen=True, slots=True)
class ImportedGame:
    position: int
    igdb_id: int | None
    outcome: SyncOutcome | None  # None: the entry is not a game (``error`` says why)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ImportIgdbGamesRequest:
    actor: Principal
    entries: Sequence[DumpEntry]


@dataclass(frozen=True, slots=True)
class ImportIgdbGames:
    """Applies one batch of a dump of IGDB games (``streamzctl categories import``).

    - The system only. 1-10,000 entries per batch, else ``Invalid``.
    - Each entry is upserted as by the ``update`` webhook (see ``IgdbSync``), in order, in one
      transaction; importing the same dump again changes nothing (``unchanged``).
    - An entry that is not a game is reported with its position and error and skipped; the
      others are still applied.
    - Any other error (a slug taken meanwhile...) fails the whole batch, nothing written: the
      caller retries the batch one entry at a time to find the culprit.
    """

    sync: IgdbSync
    uow: UnitOfWork

    async def __call__(self, request: ImportIgdbGamesRequest) -> list[ImportedGame]:
        request.actor.require_system()
        if not 1 <= len(request.entries) <= MAX_BATCH:
            raise Invalid.field("entries", f"a batch holds 1-{MAX_BATCH} entries")
        report: list[ImportedGame] = []
        games: list[tuple[DumpEntry, IgdbGame]] = []
        for entry in request.entries:
            try:
                games.append((entry, parse_game(entry.game, where="")))
            except Invalid as error:
                report.append(ImportedGame(entry.position, _id_of(entry.game), None, _why(error)))
        for entry, game in games:
            result = await self.sync.upsert(game)
            report.append(ImportedGame(entry.position, game.igdb_id, result.outcome))
        await self.uow.commit()
        return sorted(report, key=lambda line: line.position)


def _id_of(game: object) -> int | None:
    value = game.get("id") if isinstance(game, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _why(error: Invalid) -> str:
    fields = "; ".join(f"{e.field}: {e.message}" for e in error.errors)
    return f"{error.code}: {fields or error.detail}"

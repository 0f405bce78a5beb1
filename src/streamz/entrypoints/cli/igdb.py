"""`streamzctl categories import FILE`: seed categories from a dump of IGDB games.
The dump is a JSON array of IGDB game objects or JSON lines (one game per line), made with
e.g. ``fields name, slug, cover.image_id, genres.name, alternative_names.name, updated_at;``.
Each game is upserted as IGDB's update webhook would (acting as the system), in batches of one
transaction; a batch that fails is retried one game at a time, so one bad entry costs only
itself. Importing the same dump again changes nothing.

Prints a summary on stdout and each bad entry (``line N: <code>: <why>``) on stderr;
exits 1 when some entries failed.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from streamz.core.errors import StreamzError
from streamz.core.identity.entities import Principal
from streamz.core.live.igdb.import_games import (
    DumpEntry,
    ImportedGame,
    ImportIgdbGames,
    ImportIgdbGamesRequest,
)
from streamz.core.live.igdb.sync import SyncOutcome
from streamz.entrypoints.cli.runtime import (
    cli_errors,
    echo_json,
    fail,
    resolve_settings,
    run_with_container,
)
from streamz.entrypoints.cli.social import categories

if TYPE_CHECKING:
    from dishka import AsyncContainer

SYSTEM = Principal.system()
SKIPPED = (SyncOutcome.UNCHANGED, SyncOutcome.STALE)


class DumpFormat(enum.StrEnum):
    AUTO = "auto"
    JSON = "json"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class Dump:
    label: str  # "line" or "item": how positions are named in the report
    total: int | None  # entries, when known (for the progress bar)
    entries: Iterator[DumpEntry | ImportedGame]  # ImportedGame: unreadable already


@dataclass(slots=True)
class Summary:
    file: str
    entries: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: int = 0
    error_positions: list[int] = field(default_factory=list)

    def count(self, line: ImportedGame) -> None:
        self.entries += 1
        if line.outcome is SyncOutcome.CREATED:
            self.created += 1
        elif line.outcome is SyncOutcome.UPDATED:
            self.updated += 1
        elif line.outcome in SKIPPED:
            self.skipped += 1
        else:
            self.errors += 1
            self.error_positions.append(line.position)


def _format_of(path: Path, wanted: DumpFormat) -> DumpFormat:
    if wanted is not DumpFormat.AUTO:
        return wanted
    with path.open("rb") as dump:
        while chunk := dump.read(4096):
            stripped = chunk.lstrip()
            if stripped:
                return DumpFormat.JSON if stripped.startswith(b"[") else DumpFormat.JSONL
    return DumpFormat.JSONL


def _json_array(path: Path) -> Dump:
    try:
        games = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise fail(f"invalid: {path} is not JSON: {error}", 2) from None
    if not isinstance(games, list):
        raise fail(f"invalid: {path} holds JSON but not an array of games", 2)
    entries = (DumpEntry(n, game) for n, game in enumerate(games, start=1))
    return Dump("item", len(games), iter(entries))


def _json_lines(path: Path, count: bool) -> Dump:
    total = None
    if count:
        with path.open("rb") as dump:
            total = sum(1 for line in dump if line.strip())

    def entries() -> Iterator[DumpEntry | ImportedGame]:
        with path.open("rb") as dump:
            for n, line in enumerate(dump, start=1):
                if not line.strip():
                    continue
                try:
                    yield DumpEntry(n, json.loads(line))
                except (ValueError, UnicodeDecodeError) as error:
                    yield ImportedGame(n, None, None, f"malformed-json: {error}")

    return Dump("line", total, entries())


async def _apply(container: AsyncContainer, entries: list[DumpEntry]) -> list[ImportedGame]:
    """One batch in one transaction; if it fails, each entry on its own."""
    try:
        async with container() as scope:
            use_case = await scope.get(ImportIgdbGames)
            return await use_case(ImportIgdbGamesRequest(SYSTEM, entries))
    except StreamzError as error:
        if len(entries) == 1:
            entry = entries[0]
            game_id = entry.game.get("id") if isinstance(entry.game, dict) else None
            igdb_id = game_id if isinstance(game_id, int) else None
            return [ImportedGame(entry.position, igdb_id, None, f"{error.code}: {error.detail}")]
        report: list[ImportedGame] = []
        for entry in entries:
            report.extend(await _apply(container, [entry]))
        return report


@cli_errors
def import_games(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="IGDB games: a JSON array, or JSON lines (one game per line)",
        ),
    ],
    dump_format: Annotated[
        DumpFormat, typer.Option("--format", help="auto: '[' first means a JSON array")
    ] = DumpFormat.AUTO,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000, help="games per transaction")] = 500,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="default: when stderr is a terminal"),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="report every entry, not only errors")
    ] = False,
) -> None:
    """Create or update categories from a dump of IGDB games; prints a summary."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True, soft_wrap=True, highlight=False)
    show = console.is_terminal if progress is None else progress
    if _format_of(file, dump_format) is DumpFormat.JSON:
        dump = _json_array(file)
    else:
        dump = _json_lines(file, count=show)
    summary = Summary(str(file))

    def report(lines: list[ImportedGame]) -> None:
        for line in lines:
            summary.count(line)
            if line.error is not None:
                console.print(f"{dump.label} {line.position}: {line.error}", markup=False)
            elif verbose:
                game = f" (IGDB {line.igdb_id})" if line.igdb_id is not None else ""
                console.print(f"{dump.label} {line.position}: {line.outcome}{game}", markup=False)

    async def work(container: AsyncContainer) -> None:
        columns = (
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, disable=not show) as bar:
            task = bar.add_task("import", total=dump.total)
            batch: list[DumpEntry] = []
            for entry in dump.entries:
                if isinstance(entry, ImportedGame):
                    report([entry])
                    bar.advance(task)
                    continue
                batch.append(entry)
                if len(batch) >= batch_size:
                    report(await _apply(container, batch))
                    bar.advance(task, len(batch))
                    batch = []
            if batch:
                report(await _apply(container, batch))
                bar.advance(task, len(batch))

    run_with_container(resolve_settings(), work)
    echo_json(
        {
            "file": summary.file,
            "entries": summary.entries,
            "created": summary.created,
            "updated": summary.updated,
            "skipped": summary.skipped,
            "errors": summary.errors,
            f"error_{dump.label}s": summary.error_positions,
        }
    )
    if summary.errors:
        raise typer.Exit(1)


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: ``import`` joins ``streamzctl categories``."""
    categories.command("import")(import_games)

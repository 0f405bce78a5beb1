"""`streamzctl categories import FILE` (Internal tier): JSON arrays and JSON lines dumps."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import asyncpg
from typer.testing import CliRunner, Result

from streamz.entrypoints.cli.main import app
from tests.fakes.igdb import FakeIgdb, Game, write_json, write_jsonl
from tests.integration.igdb.support import events, row, written

runner = CliRunner()


def fake() -> FakeIgdb:
    """Games only (nothing is sent): the CLI reads them from files."""
    return FakeIgdb()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


async def run(*args: str) -> tuple[int, dict[str, Any] | None, str]:
    """`streamzctl categories import ...` in a thread (it runs its own event loop)."""
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(None, invoke, "categories", "import", *args)
    try:
        summary = json.loads(result.stdout)
    except ValueError:
        summary = None
    return result.exit_code, summary, result.stderr


def catalogue(igdb: FakeIgdb) -> list[Game]:
    return [
        igdb.game("Chess", image_id="co1", genres=["Board game"], alternative_names=["Échecs"]),
        igdb.game("Go", image_id="co2", genres=["Board game", "Strategy"]),
        igdb.game("Tetris", genres=["Puzzle"]),
    ]


async def test_import_a_json_array_then_again(cli_env: Path, db: asyncpg.Connection) -> None:
    igdb = fake()
    games = catalogue(igdb)
    dump = write_json(cli_env / "games.json", games)
    code, summary, err = await run(str(dump))
    assert code == 0, err
    assert summary == {
        "file": str(dump),
        "entries": 3,
        "created": 3,
        "updated": 0,
        "skipped": 0,
        "errors": 0,
        "error_items": [],
    }
    chess = await row(db, games[0].id)
    assert (chess["name"], chess["slug"], chess["cover_url"]) == (
        "Chess",
        "chess",
        games[0].cover_url,
    )
    assert (chess["genres"], chess["aliases"]) == (["Board game"], ["Échecs"])
    assert [t for t, _ in await events(db)] == ["category.created"] * 3
    before = await written(db)
    code, summary, _ = await run(str(dump), "--batch-size", "2", "--verbose")
    assert code == 0
    assert summary is not None
    assert (summary["created"], summary["updated"], summary["skipped"]) == (0, 0, 3)
    assert await written(db) == before
    changed = [igdb.change(games[0], name="Chess (1475)"), *games[1:]]
    code, summary, err = await run(str(write_json(cli_env / "newer.json", changed)), "-v")
    assert code == 0
    assert summary is not None
    assert (summary["updated"], summary["skipped"]) == (1, 2)
    assert f"item 1: updated (IGDB {games[0].id})" in err
    assert (await row(db, games[0].id))["name"] == "Chess (1475)"


async def test_import_json_lines_with_bad_lines(cli_env: Path, db: asyncpg.Connection) -> None:
    igdb = fake()
    games = catalogue(igdb)
    lines: list[Game | str] = [
        games[0],
        "{this is not json",
        "",
        json.dumps({"name": "no id"}),
        games[1],
        json.dumps({"id": 5, "name": "Bad cover", "cover": {"image_id": "a b"}}),
        games[2],
    ]
    dump = write_jsonl(cli_env / "games.jsonl", lines)
    code, summary, err = await run(str(dump), "--batch-size", "2", "--progress")
    assert code == 1
    assert summary is not None
    assert (summary["entries"], summary["created"], summary["errors"]) == (6, 3, 3)
    assert summary["error_lines"] == [2, 4, 6]
    assert "line 2: malformed-json:" in err
    assert "line 4: igdb-game-invalid: id: id must be a positive integer" in err
    assert "line 6: igdb-game-invalid: cover.image_id:" in err
    assert sorted(r["name"] for r in await db.fetch("SELECT name FROM categories")) == [
        "Chess",
        "Go",
        "Tetris",
    ]


async def test_a_failing_batch_is_retried_entry_by_entry(
    cli_env: Path, db: asyncpg.Connection
) -> None:
    """``doom`` is held by one game and ``doom-<id>`` by a staff category: only that entry fails."""
    igdb = fake()
    doom = igdb.game("Doom", slug="doom")
    clone = igdb.game("Doom", slug="doom")
    quake = igdb.game("Quake")
    loop = asyncio.get_running_loop()
    args = ("categories", "create", "Doom", "--slug", f"doom-{clone.id}")
    staff = await loop.run_in_executor(None, invoke, *args)
    assert staff.exit_code == 0, staff.stderr
    code, _, err = await run(str(write_jsonl(cli_env / "first.jsonl", [doom])))
    assert code == 0, err
    dump = write_jsonl(cli_env / "games.jsonl", [quake, clone, igdb.change(doom, name="DOOM")])
    code, summary, err = await run(str(dump), "--format", "jsonl")
    assert code == 1
    assert summary is not None
    assert (summary["created"], summary["updated"], summary["errors"]) == (1, 1, 1)
    assert summary["error_lines"] == [2]
    assert "line 2: category-slug-taken:" in err
    assert await db.fetchval("SELECT count(*) FROM categories") == 3
    assert (await row(db, doom.id))["name"] == "DOOM"


async def test_unreadable_files(cli_env: Path, db: asyncpg.Connection) -> None:
    code, _, err = await run(str(cli_env / "missing.json"))
    assert code == 2  # typer: the file must exist
    not_array = cli_env / "object.json"
    not_array.write_text('{"games": []}')
    code, _, err = await run(str(not_array), "--format", "json")
    assert (code, err.strip()) == (
        2,
        f"error: invalid: {not_array} holds JSON but not an array of games",
    )
    broken = cli_env / "broken.json"
    broken.write_text("[{]")
    code, _, err = await run(str(broken))
    assert code == 2
    assert err.startswith("error: invalid:")
    empty = cli_env / "empty.jsonl"
    empty.write_text("\n\n")
    code, summary, _ = await run(str(empty))
    assert code == 0
    assert summary is not None
    assert summary["entries"] == 0
    assert await written(db) == (0, 0)

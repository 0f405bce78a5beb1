"""The Internal tier: `streamzctl channels stream-info|livestreams|vods` and
`streamzctl livestreams ...`, acting as the system."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app
from streamz.settings import Settings
from tests.integration.conftest import dsn
from tests.integration.directory.helpers import (
    add_category,
    add_stream,
    add_vod,
    events,
    follow,
)

runner = CliRunner()
T = TypeVar("T")


def sql(settings: Settings, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """Run ``work`` on a connection of its own (the CLI runs its own event loops)."""

    async def main() -> T:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return await work(connection)
        finally:
            await connection.close()

    return asyncio.run(main())


def cli(*args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, list(args))
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def slugs(page: Any) -> list[str]:
    return [s["channel"]["slug"] for s in page["data"]]


async def arrange(db: asyncpg.Connection) -> Any:
    games = await add_category(db, "games")
    live = await add_stream(db, "alice", viewers=10, category=games, tags=("fps",))
    await add_stream(db, "bob", viewers=99, language="de")
    await add_stream(db, "alice", ended=True, minutes_ago=600)
    bob_id = await db.fetchval("SELECT id FROM accounts WHERE username = 'bob'")
    await follow(db, str(bob_id), "alice")
    return live


def test_directory_from_the_command_line(cli_env: None, settings: Settings) -> None:
    for name in ("alice", "bob", "carol"):
        created = runner.invoke(app, ["accounts", "create", name, f"{name}@example.com"])
        assert created.exit_code == 0
    live = sql(settings, arrange)

    code, out, _ = cli("channels", "stream-info", "show", "alice")
    assert code == 0
    assert (out["title"], out["live"]["id"]) == ("", str(live))
    code, out, err = cli(
        "channels", "stream-info", "set", "alice", "--title", "From the CLI",
        "--category", "games", "--tag", "Speed Run", "--tag", "pb", "--language", "en-gb",
        "--mature",
    )  # fmt: skip
    assert code == 0, err
    assert (out["title"], out["category"]["slug"], out["tags"], out["language"], out["mature"]) == (
        "From the CLI",
        "games",
        ["speed-run", "pb"],
        "en-GB",
        True,
    )
    title = sql(
        settings, lambda db: db.fetchval("SELECT title FROM livestreams WHERE id = $1", live)
    )
    assert title == "From the CLI"
    assert len(sql(settings, lambda db: events(db, "stream.updated"))) == 1
    code, out, _ = cli("channels", "stream-info", "set", "alice", "--no-category", "--no-tags")
    assert (out["category"], out["tags"]) == (None, [])
    code, _, err = cli("channels", "stream-info", "set", "alice", "--language", "english")
    assert code == 1
    assert err.startswith("error: stream-language-invalid:")

    code, out, _ = cli("livestreams", "list")
    assert slugs(out) == ["bob", "alice"]
    code, out, _ = cli("livestreams", "list", "--language", "en", "--sort", "started_at")
    assert slugs(out) == ["alice"]
    code, out, _ = cli("livestreams", "category", "games")
    assert slugs(out) == []  # the category was cleared above
    code, out, _ = cli("livestreams", "following", "bob")
    assert slugs(out) == ["alice"]
    code, out, _ = cli("livestreams", "recommended", "--seed", "3")
    assert slugs({"data": [r["livestream"] for r in out["data"]]}) == ["bob", "alice"]
    code, out, _ = cli("livestreams", "recommended", "--for", "bob", "--seed", "3")
    assert [r["livestream"]["channel"]["slug"] for r in out["data"]] == []  # follows alice
    code, _, err = cli("livestreams", "list", "--sort", "nope")
    assert code == 2  # a usage error naming the choices, before any call
    assert "'viewers', 'started_at'" in err
    code, out, _ = cli("channels", "livestreams", "alice", "--limit", "1")
    assert len(out["data"]) == 1
    assert out["next"] is not None

    vod = sql(settings, lambda db: add_vod(db, "alice", "private", title="secret"))
    code, out, _ = cli("channels", "vods", "list", "alice")
    assert [v["title"] for v in out["data"]] == ["secret"]  # the system sees every VOD
    code, out, _ = cli("channels", "vods", "update", str(vod), "--visibility", "public")
    assert out["visibility"] == "public"
    code, out, _ = cli("channels", "vods", "show", str(vod))
    assert (out["title"], out["visibility"]) == ("secret", "public")
    code, _, err = cli("channels", "vods", "show", "not-a-uuid")
    assert code == 2
    code, _, err = cli("channels", "vods", "update", str(vod), "--visibility", "friends")
    assert code == 2
    assert "'public', 'subscribers', 'private'" in err

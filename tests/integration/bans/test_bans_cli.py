"""Internal tier: `streamzctl chat ban|unban|bans`, acting as the system."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import asyncpg
import pytest
from typer.testing import CliRunner

from streamz.entrypoints.cli.bans import parse_duration
from streamz.entrypoints.cli.main import app
from streamz.settings import Settings
from tests.integration.conftest import dsn

runner = CliRunner()


def chat(*args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, ["chat", *args])
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def query(settings: Settings, sql: str) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return await connection.fetch(sql)
        finally:
            await connection.close()

    return asyncio.run(run())


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("600", 600), ("600s", 600), ("10m", 600), ("2h", 7200), ("1d", 86400), ("1h30m", 5400)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_bans_from_the_command_line(cli_env: None, settings: Settings) -> None:
    for name in ("alice", "bob", "carol"):
        created = runner.invoke(app, ["accounts", "create", name, f"{name}@example.com"])
        assert created.exit_code == 0, created.output
    code, out, err = chat("ban", "alice", "bob", "--duration", "10m", "--reason", "spam")
    assert code == 0, err
    assert (out["username"], out["kind"], out["duration_seconds"]) == ("bob", "timeout", 600)
    assert (out["reason"], out["created_by"]) == ("spam", None)
    code, out, err = chat("ban", "alice", "carol")
    assert code == 0, err
    assert (out["kind"], out["expires_at"]) == ("ban", None)
    code, out, _ = chat("bans", "alice")
    assert [b["username"] for b in out["data"]] == ["carol", "bob"]
    code, out, _ = chat("bans", "alice", "--limit", "1")
    assert [b["username"] for b in out["data"]] == ["carol"]
    code, out, _ = chat("bans", "alice", "--limit", "1", "--after", out["next"])
    assert ([b["username"] for b in out["data"]], out["next"]) == (["bob"], None)
    code, out, err = chat("unban", "alice", "bob", "--reason", "appeal")
    assert code == 0, err
    assert (out["username"], out["ended_by"]) == ("bob", None)
    assert out["ended_at"] is not None
    code, _, err = chat("unban", "alice", "bob")
    assert code == 1
    assert err.startswith("error: ban-not-found:")
    before = query(settings, "SELECT count(*) AS n FROM chat_bans")[0]["n"]
    for args, exit_code, problem in [
        (("ban", "alice", "bob", "--duration", "15d"), 1, "error: invalid:"),
        (("ban", "alice", "bob", "--duration", "0"), 1, "error: invalid:"),
        (("ban", "alice", "bob", "--duration", "soon"), 2, "error: invalid:"),
        (("ban", "alice", "alice"), 1, "error: cannot-ban-owner:"),
        (("ban", "alice", "nobody"), 1, "error: account-not-found:"),
        (("ban", "nowhere", "bob"), 1, "error: channel-not-found:"),
        (("bans", "nowhere"), 1, "error: channel-not-found:"),
    ]:
        code, _, err = chat(*args)
        assert (code, err.startswith(problem)) == (exit_code, True), (args, err)
    assert query(settings, "SELECT count(*) AS n FROM chat_bans")[0]["n"] == before
    audit = query(settings, "SELECT action, acting_as, reason FROM channel_audit_log ORDER BY id")
    assert [(r["action"], r["acting_as"], r["reason"]) for r in audit] == [
        ("chat.timeout", "system", "spam"),
        ("chat.ban", "system", None),
        ("chat.unban", "system", "appeal"),
    ]
    topics = query(settings, "SELECT topic FROM outbox WHERE topic LIKE 'chat.user_%' ORDER BY id")
    assert [r["topic"] for r in topics] == [
        "chat.user_banned",
        "chat.user_banned",
        "chat.user_unbanned",
    ]

"""Internal tier: `streamzctl channels identity show|set-colour` against the real services."""

from __future__ import annotations

import asyncio
import json

import asyncpg
from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app
from streamz.settings import Settings
from tests.integration.conftest import dsn

runner = CliRunner()


def cli(*args: str) -> tuple[int, dict[str, object] | None, str]:
    result = runner.invoke(app, ["channels", "identity", *args])
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def rows(settings: Settings, sql: str) -> int:
    async def read() -> int:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return int(await connection.fetchval(sql))
        finally:
            await connection.close()

    return asyncio.run(read())


def test_show_and_set_colour(cli_env: None, settings: Settings) -> None:
    for name in ("alice", "bob"):
        created = runner.invoke(app, ["accounts", "create", name, f"{name}@example.com"])
        assert created.exit_code == 0, created.stderr
    code, out, err = cli("show", "alice", "alice")
    assert code == 0, err
    assert out is not None
    assert (out["username"], out["colour_chosen"]) == ("alice", False)
    assert out["badges"] == [{"kind": "owner", "months": None, "image_url": None}]
    code, out, _ = cli("show", "bob", "alice")  # elsewhere: no owner badge, same colour
    assert out is not None
    assert out["badges"] == []
    code, out, err = cli("set-colour", "alice", "bob", "#8a2be2")
    assert code == 0, err
    assert out is not None
    assert (out["username"], out["colour"], out["colour_chosen"]) == ("bob", "#8A2BE2", True)
    code, out, _ = cli("show", "alice", "bob")
    assert out is not None
    assert (out["colour"], out["colour_chosen"]) == ("#8A2BE2", True)
    assert rows(settings, "SELECT count(*) FROM chat_identity_colours") == 1
    audited = "SELECT count(*) FROM channel_audit_log WHERE acting_as = 'system'"
    assert rows(settings, audited) == 1
    code, out, _ = cli("set-colour", "alice", "bob", "none")
    assert out is not None
    assert out["colour_chosen"] is False
    assert rows(settings, "SELECT count(*) FROM chat_identity_colours") == 0
    events = "SELECT count(*) FROM outbox WHERE topic = 'chat.identity_updated'"
    assert rows(settings, events) == 2


def test_errors_and_what_they_leave(cli_env: None, settings: Settings) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    before = rows(settings, "SELECT count(*) FROM outbox")
    for args, message in (
        (("set-colour", "alice", "alice", "blue"), "invalid: body.colour: colour must be"),
        (("set-colour", "alice", "ghost", "#FFFFFF"), "account-not-found"),
        (("show", "nowhere", "alice"), "channel-not-found"),
    ):
        code, _, err = cli(*args)
        assert code == 1
        assert message in err
    assert rows(settings, "SELECT count(*) FROM chat_identity_colours") == 0
    assert rows(settings, "SELECT count(*) FROM outbox") == before

"""`streamzctl` against the real services: accounts, tokens, db, errors and exit codes."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import jwt
import pytest
from litestar.testing import AsyncTestClient
from typer.testing import CliRunner

from streamz.container import make_container
from streamz.entrypoints.cli import runtime
from streamz.entrypoints.cli.main import app
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.integration.conftest import count, streamz_env

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, tmp_path: Path) -> Iterator[dict[str, str]]:
    """External services, and the local session-token issuer (no STREAMZ_JWKS_URL)."""
    with streamz_env(settings, tmp_path) as values:
        yield values


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_accounts_create_show_and_set_role(env: dict[str, str], db: asyncpg.Connection) -> None:
    code, out, _ = cli("accounts", "create", "Alice", "alice@example.com")
    assert code == 0
    created = json.loads(out)
    assert created["username"] == "alice"
    assert created["role"] == "user"

    code, out, _ = cli("accounts", "show", "alice")
    assert code == 0
    assert json.loads(out)["id"] == created["id"]

    code, out, _ = cli("accounts", "set-role", created["id"], "staff")
    assert code == 0
    assert json.loads(out)["role"] == "staff"

    code, out, _ = cli("accounts", "create", "root", "root@example.com", "--role", "staff")
    assert code == 0
    assert json.loads(out)["role"] == "staff"


def test_cli_errors_are_one_line_and_non_zero(env: dict[str, str], clean: None) -> None:
    assert cli("accounts", "create", "bob", "bob@example.com")[0] == 0
    code, _, err = cli("accounts", "create", "BOB", "other@example.com")
    assert code == 1
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("error: username-taken")

    code, _, err = cli("accounts", "show", "nobody")
    assert code == 1
    assert err.startswith("error: account-not-found")

    code, _, err = cli("accounts", "create", "x", "x@example.com")
    assert code == 1
    assert err.startswith("error: invalid")

    code, _, _ = cli("accounts", "set-role", "bob", "emperor")
    assert code == 2  # usage error from Typer: not a role

    os.environ["STREAMZ_PORT"] = "not-a-port"
    try:
        code, _, err = cli("accounts", "show", "bob")
    finally:
        del os.environ["STREAMZ_PORT"]
    assert code == 2
    assert "STREAMZ_PORT" in err
    assert accounts_in_db() == 1


def accounts_in_db() -> int:
    dsn = os.environ["STREAMZ_DATABASE_URL"].replace("+asyncpg", "")

    async def read() -> int:
        connection = await asyncpg.connect(dsn)
        try:
            return await count(connection, "accounts")
        finally:
            await connection.close()

    return asyncio.run(read())


async def test_issued_token_opens_the_private_api(
    env: dict[str, str], settings: Settings, clean: None
) -> None:
    loop = asyncio.get_running_loop()
    code, _, _ = await loop.run_in_executor(None, cli, "accounts", "create", "carol", "c@x.io")
    assert code == 0
    code, token, _ = await loop.run_in_executor(None, cli, "token", "issue", "carol")
    assert code == 0
    local = Settings.from_env()
    assert local.auth.local_issuer
    api = create_app(local, make_container(local))
    async with AsyncTestClient(api) as client:
        me = await client.get(
            "/private/v1/me", headers={"Authorization": f"Bearer {token.strip()}"}
        )
        jwks = await client.get("/.well-known/jwks.json")
    assert me.status_code == 200
    assert me.json()["username"] == "carol"
    assert jwks.json()["keys"][0]["kty"] == "EC"
    claims = jwt.decode(token.strip(), options={"verify_signature": False})
    assert claims["aud"] == local.auth.audience == "streamz"  # the local issuer sets the audience


def test_db_commands(env: dict[str, str]) -> None:
    from alembic.script import ScriptDirectory

    from streamz.entrypoints import migrations

    head = ScriptDirectory.from_config(
        migrations.alembic_config("postgresql://x/y")
    ).get_current_head()
    code, out, _ = cli("db", "current")
    assert code == 0
    assert out.strip() == head
    code, out, _ = cli("db", "upgrade")
    assert code == 0
    assert f"database at {head}" in out


def test_services_status_without_local_services(tmp_path: Path) -> None:
    os.environ["STREAMZ_DATA_DIR"] = str(tmp_path)
    try:
        code, out, _ = cli("services", "status")
        code_show, _, err = cli("accounts", "show", "x")
    finally:
        del os.environ["STREAMZ_DATA_DIR"]
    assert code == 1
    assert "postgres" in out
    assert "stopped" in out
    assert code_show == 2
    assert "streamzctl services up" in err


def test_help_everywhere() -> None:
    for args in ([], ["db"], ["services"], ["accounts"], ["token"], ["dev"], ["serve"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Usage" in result.stdout


def test_data_is_json_when_piped_or_asked_and_text_at_a_terminal(
    env: dict[str, str], clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("accounts", "create", "dora", "dora@example.com")[0] == 0
    code, out, _ = cli("accounts", "show", "dora")  # not a terminal: JSON
    assert code == 0
    piped = json.loads(out)
    assert set(piped) == {"id", "username", "role", "created_at", "channel", "email"}

    monkeypatch.setattr(runtime, "_is_terminal", lambda: True)
    code, out, _ = cli("accounts", "show", "dora", "--json")
    assert code == 0
    assert json.loads(out) == piped
    code, out, _ = cli("accounts", "show", "dora")  # --json is per call, not remembered
    assert code == 0
    lines = out.splitlines()
    assert "username: dora" in lines
    assert lines[lines.index("channel:") + 2] == "  slug: dora"

    code, out, _ = cli("token", "issue", "dora")
    assert code == 0
    assert out.count(".") == 2  # a bare JWT, for TOKEN=$(streamzctl token issue ...)
    code, out, _ = cli("token", "issue", "dora", "--ttl", "600", "--json")
    assert code == 0
    issued = json.loads(out)
    assert issued["expires_in"] == 600
    assert jwt.decode(issued["token"], options={"verify_signature": False})["exp"] > 0


def test_invalid_input_names_each_field(env: dict[str, str], clean: None) -> None:
    code, _, err = cli("categories", "create", "Just Chatting", "--slug", "NOT A SLUG!")
    assert code == 1
    assert err.startswith("error: invalid: body.slug: ")

    code, _, err = cli("livestreams", "list", "--after", "garbage")
    assert code == 1
    assert err.strip() == "error: invalid: query.after: cursor is malformed"


def test_enum_options_list_their_choices(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["livestreams", "list", "--help"])
    assert "viewers|started_at" in result.stdout
    code, _, err = cli("livestreams", "list", "--sort", "loudest")
    assert code == 2  # a usage error, before anything runs
    assert "'viewers', 'started_at'" in err
    code, _, err = cli("search", "reindex", "--collection", "videos")
    assert code == 2
    assert "'channels', 'categories', 'livestreams'" in err

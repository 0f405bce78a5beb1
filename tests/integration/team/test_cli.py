"""`streamzctl channels roles|log|subscriptions` against the real services (Internal tier)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app

runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("cli_env")
def test_roles_log_and_subscriptions_commands() -> None:
    for name in ("alice", "bob"):
        assert cli("accounts", "create", name, f"{name}@example.com")[0] == 0

    code, out, _ = cli(
        "channels",
        "roles",
        "add",
        "alice",
        "moderator",
        "bob",
        "--permission",
        "ban",
        "--reason",
        "x",
    )
    assert code == 0, out
    assert json.loads(out)["permissions"] == ["ban"]
    code, out, _ = cli(
        "channels", "roles", "permissions", "alice", "bob", "--permission", "timeout"
    )
    assert json.loads(out)["permissions"] == ["timeout"]
    code, out, _ = cli("channels", "roles", "list", "alice", "moderator")
    assert [m["account"]["username"] for m in json.loads(out)["data"]] == ["bob"]
    code, out, err = cli("channels", "roles", "add", "alice", "moderator", "bob")
    assert code == 1
    assert err.startswith("error: role-already-granted:")
    assert cli("channels", "roles", "remove", "alice", "moderator", "bob")[0] == 0
    code, out, err = cli("channels", "roles", "remove", "alice", "og", "bob")
    assert (code, err.split(":")[1].strip()) == (1, "role-not-found")

    code, out, _ = cli("channels", "log", "alice", "--limit", "5")
    entries = json.loads(out)["data"]
    assert [e["action"] for e in entries] == [
        "role.revoked",
        "role.permissions_changed",
        "role.granted",
    ]
    assert {e["acting_as"] for e in entries} == {"system"}

    code, out, _ = cli(
        "channels", "subscriptions", "grant", "alice", "bob", "--tier", "2", "--months", "3"
    )
    assert code == 0, out
    assert (json.loads(out)["tier"], json.loads(out)["months"]) == (2, 3)
    code, out, _ = cli("channels", "subscriptions", "list", "alice")
    assert [s["account"]["username"] for s in json.loads(out)["data"]] == ["bob"]
    code, out, _ = cli("channels", "subscriptions", "end", "alice", "bob")
    assert json.loads(out)["ended_at"] is not None
    code, _, err = cli("channels", "subscriptions", "grant", "alice", "alice")
    assert (code, err.strip().split(":")[1].strip()) == (1, "own-channel-subscription")

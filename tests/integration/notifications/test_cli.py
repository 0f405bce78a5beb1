"""`streamzctl notifications send-test | status | retry-dead | dead-letters | stats`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app

runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_send_test_then_status_and_dead_letter_tools(cli_env: Path) -> None:
    assert cli("accounts", "create", "fan", "fan@example.com")[0] == 0
    code, out, _ = cli("notifications", "send-test", "--user", "fan")
    assert code == 0
    notification_id = json.loads(out)["notification_id"]
    code, out, _ = cli("notifications", "status", notification_id)
    assert code == 0
    status = json.loads(out)
    assert status["kind"] == "test"
    assert status["by_status"] == {}  # no worker ran the expansion yet
    assert json.loads(cli("notifications", "retry-dead")[1]) == {"queued": 0}
    assert json.loads(cli("notifications", "dead-letters")[1]) == []
    assert cli("notifications", "stats")[0] == 0
    code, _, err = cli("notifications", "send-test", "--user", "nobody")
    assert code == 1
    assert err.startswith("error: not-found")
    code, _, err = cli("notifications", "status", "not-an-id")
    assert code == 1

"""Internal tier: `streamzctl channels stream key|rotate|ingest|delete-vod` and `streamzctl
livepeer process|sweep`, acting as the system, against the fake Livepeer."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app
from streamz.settings import Settings
from tests.fakes.livepeer import FakeLivepeer
from tests.integration.conftest import dsn

runner = CliRunner()


@pytest.fixture
def livepeer_env(cli_env: Path, livepeer: FakeLivepeer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STREAMZ_LIVEPEER_URL", livepeer.url)
    monkeypatch.setenv("STREAMZ_LIVEPEER_API_KEY", livepeer.api_key)
    monkeypatch.setenv("STREAMZ_LIVEPEER_WEBHOOK_SECRET", livepeer.webhook_secret)
    return cli_env


def cli(*args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, list(args))
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def sql(settings: Settings, query: str, *args: object) -> Any:
    async def run() -> Any:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return await connection.fetchval(query, *args)
        finally:
            await connection.close()

    return asyncio.run(run())


def test_stream_keys_from_the_command_line(livepeer_env: Path, livepeer: FakeLivepeer) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    code, key, _ = cli("channels", "stream", "key", "alice")
    assert code == 0
    [stream] = livepeer.live_streams()
    assert (key["stream_key"], key["livepeer_stream_id"]) == (stream["streamKey"], stream["id"])
    code, again, _ = cli("channels", "stream", "key", "alice")
    assert again == key
    code, ingest, _ = cli("channels", "stream", "ingest", "alice")
    assert code == 0
    assert "stream_key" not in ingest
    assert ingest["livepeer_stream_id"] == stream["id"]
    code, rotated, _ = cli("channels", "stream", "rotate", "alice")
    assert code == 0
    assert rotated["stream_key"] != key["stream_key"]
    assert livepeer.stream(stream["id"])["deleted"] is True
    code, _, err = cli("channels", "stream", "key", "nobody")
    assert code == 1
    assert err.startswith("error: channel-not-found:")
    livepeer.fail("POST", "/stream", 503)
    code, _, err = cli("channels", "stream", "rotate", "alice")
    assert code == 1
    assert err.startswith("error: livepeer-unavailable:")


def test_deliveries_and_vods_from_the_command_line(
    livepeer_env: Path, livepeer: FakeLivepeer, settings: Settings
) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    _, key, _ = cli("channels", "stream", "key", "alice")
    stream = key["livepeer_stream_id"]
    start = datetime.now(UTC) - timedelta(minutes=30)
    ready = livepeer.recording_ready(stream, started=start, last_seen=start + timedelta(minutes=5))
    asset = ready["payload"]["session"]["assetId"]
    # a delivery stored by the webhook (no worker here): processed by hand
    sql(
        settings,
        "INSERT INTO livepeer_events (id, event, stream_id, payload, occurred_at, received_at)"
        " VALUES ($1, 'recording.ready', $2, $3::jsonb, now(), now() - interval '5 minutes')",
        ready["id"],
        stream,
        json.dumps(ready),
    )
    code, out, _ = cli("livepeer", "sweep")
    assert (code, out) == (0, {"events": 1, "assets": 0})
    code, out, _ = cli("livepeer", "process", ready["id"])
    assert code == 0
    assert (out["outcome"], out["applied"], out["already_processed"]) == (
        "vod-created",
        True,
        False,
    )
    code, out, _ = cli("livepeer", "process", ready["id"])
    assert (out["applied"], out["already_processed"]) == (False, True)
    vod_id = sql(settings, "SELECT id FROM vods WHERE livepeer_asset_id = $1", asset)
    assert isinstance(vod_id, uuid.UUID)
    code, out, _ = cli("channels", "stream", "delete-vod", "alice", str(vod_id))
    assert (code, out["deleted"]) == (0, True)
    assert sql(settings, "SELECT deleted_at IS NOT NULL FROM vods WHERE id = $1", vod_id)
    code, _, err = cli("channels", "stream", "delete-vod", "alice", str(vod_id))
    assert code == 1
    assert err.startswith("error: vod-not-found:")
    code, _, err = cli("channels", "stream", "delete-vod", "alice", "nope")
    assert code == 2

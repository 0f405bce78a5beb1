"""The fake Livepeer of `streamzctl dev` (``streamz_dev.livepeer``): found by other processes
through its data dir file, spoken to by the real adapter, and sending webhooks that the real
intake accepts (signed with the secret the server reads from the same data dir).

The REST shapes themselves are held to the real adapter by
``tests/integration/streams/test_livepeer_adapter.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from streamz.adapters.livepeer.studio import LivepeerStudio
from streamz.core.live.streams.errors import LivepeerUnavailable
from streamz.entrypoints.bootstrap import (
    FAKE_LIVEPEER_FILE,
    running_fake_livepeer,
    with_fake_livepeer,
)
from streamz.entrypoints.cli.main import app
from streamz.settings import LivepeerSettings, Settings
from streamz_dev.livepeer import FakeLivepeer, advertised
from tests.integration.demo.running import Dev

pytestmark = pytest.mark.timeout(180)


def dev_settings(dev: Dev) -> Settings:
    return Settings.from_env({k: v for k, v in dev.env.items() if k.startswith("STREAMZ_")})


def test_a_running_fake_is_advertised_in_its_data_dir_and_forgotten_when_it_stops(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path)
    assert running_fake_livepeer(settings) is None
    assert with_fake_livepeer(settings) == settings
    fake = FakeLivepeer(api_key="fake-key", advertise=tmp_path / FAKE_LIVEPEER_FILE).start()
    try:
        path = tmp_path / FAKE_LIVEPEER_FILE
        assert path.stat().st_mode & 0o777 == 0o600  # it holds the API key
        found = running_fake_livepeer(settings)
        assert found is not None
        assert (found.url, found.api_key, found.pid) == (fake.url, "fake-key", os.getpid())
        resolved = with_fake_livepeer(settings)
        assert (resolved.livepeer.url, resolved.livepeer.api_key) == (fake.url, "fake-key")
        configured = replace(settings, livepeer=LivepeerSettings(api_key="real", url="https://x"))
        assert with_fake_livepeer(configured) == configured  # a configured Livepeer wins
    finally:
        fake.stop()
    assert not path.exists()
    assert running_fake_livepeer(settings) is None


def test_a_stale_or_broken_advertisement_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / FAKE_LIVEPEER_FILE
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    entry = {"url": "http://127.0.0.1:9/api", "control": "http://127.0.0.1:9/_fake"}
    path.write_text(json.dumps({**entry, "api_key": "k", "pid": int(gone.stdout)}))
    assert advertised(path) is None  # its process is gone (killed without cleaning up)
    path.write_text("{not json")
    assert advertised(path) is None
    path.write_text(json.dumps({"url": "x"}))
    assert advertised(path) is None


def test_control_needs_a_webhook_url_and_reports_an_unreachable_streamz() -> None:
    with_no_target = FakeLivepeer().start()
    try:
        answer = httpx.post(f"{with_no_target.control}/streams/s1/start", timeout=10)
        assert answer.status_code == 409
        assert httpx.post(f"{with_no_target.control}/nothing", timeout=10).status_code == 404
    finally:
        with_no_target.stop()
    unreachable = FakeLivepeer(webhook_url="http://127.0.0.1:9/internal/webhooks/livepeer")
    unreachable.start()
    try:
        answer = httpx.post(f"{unreachable.control}/streams/s1/end", timeout=30)
        assert answer.status_code == 200
        deliveries = answer.json()["deliveries"]
        assert [d["event"] for d in deliveries] == ["stream.idle", "recording.ready"]
        assert [d["status"] for d in deliveries] == [0, 0]
    finally:
        unreachable.stop()


async def test_the_real_adapter_and_intake_work_with_the_fake_of_dev(dev: Dev, clean: None) -> None:
    settings = dev_settings(dev)
    fake = running_fake_livepeer(settings)
    assert fake is not None
    async with httpx.AsyncClient() as http:
        adapter = LivepeerStudio(http, fake.url, fake.api_key)
        created = await adapter.create_stream("streamz-someone")
        assert await adapter.get_stream(created.id) == created
        wrong = LivepeerStudio(http, fake.url, "not-the-key")
        with pytest.raises(LivepeerUnavailable, match="401"):
            await wrong.get_stream(created.id)

        started = await http.post(f"{fake.control}/streams/{created.id}/start", timeout=30)
        [delivery] = started.json()["deliveries"]
        # signed with the secret dev generated in its data dir: accepted (no channel has
        # this stream: stored and acknowledged, as Livepeer's unknown streams are)
        assert delivery["event"] == "stream.started"
        assert 200 <= delivery["status"] < 300
        listed = (await http.get(f"{fake.control}/streams")).json()["streams"]
        [stream] = [s for s in listed if s["id"] == created.id]
        assert stream["isActive"] is True
        assert "streamKey" not in stream

        ended = await http.post(f"{fake.control}/streams/{created.id}/end", timeout=30)
        statuses = {d["event"]: d["status"] for d in ended.json()["deliveries"]}
        assert set(statuses) == {"stream.idle", "recording.ready"}
        assert all(200 <= s < 300 for s in statuses.values())

        await adapter.delete_stream(created.id)
        assert await adapter.get_stream(created.id) is None


def test_a_stream_key_works_locally_from_the_cli_beside_dev(dev: Dev, clean: None) -> None:
    env = {k: v for k, v in dev.env.items() if k.startswith("STREAMZ_")}
    runner = CliRunner()
    created = runner.invoke(app, ["accounts", "create", "alice", "a@example.com"], env=env)
    assert created.exit_code == 0, created.output
    shown = runner.invoke(app, ["channels", "stream", "key", "alice"], env=env)
    assert shown.exit_code == 0, shown.output
    key = json.loads(shown.output)
    fake = running_fake_livepeer(dev_settings(dev))
    assert fake is not None
    listed = httpx.get(f"{fake.control}/streams", timeout=10).json()["streams"]
    assert key["livepeer_stream_id"] in {s["id"] for s in listed}
    assert key["stream_key"]

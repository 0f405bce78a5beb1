"""`streamzctl dev` with external servers: migrations, API and worker in one process; Ctrl-C
stops it within seconds, a websocket client connected or not."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import redis
from websockets.sync.client import connect

from streamz.adapters.redis.events import EVENTS_STREAM
from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz_dev.localservices import ServiceUrls

pytestmark = pytest.mark.timeout(120)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "streamzctl dev exited early"
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("streamzctl dev never became ready")


def test_dev_serves_api_and_worker_and_stops_quickly_on_ctrl_c(
    services: ServiceUrls, tmp_path: Path, clean: None
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "STREAMZ_DATABASE_URL": services.database_url,
        "STREAMZ_REDIS_URL": services.redis_url,
        "STREAMZ_TYPESENSE_URL": services.typesense_url,
        "STREAMZ_TYPESENSE_API_KEY": services.typesense_api_key,
        "STREAMZ_DATA_DIR": str(tmp_path),
        "STREAMZ_PORT": str(port),
        "STREAMZ_ORY_WEBHOOK_KEY": "dev-key",
    }
    streamzctl = Path(sys.executable).parent / "streamzctl"
    output = tmp_path / "dev.log"
    with output.open("wb") as log:
        process = subprocess.Popen(
            [str(streamzctl), "dev"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    client = redis.Redis.from_url(services.redis_url)
    websocket = contextlib.ExitStack()
    try:
        _wait_ready(url, process)
        identity = str(uuid.uuid4())
        created = httpx.post(
            f"{url}/internal/webhooks/ory/registration",
            json={
                "identity": {"id": identity, "traits": {"username": "devuser", "email": "d@x.io"}}
            },
            headers={ORY_KEY_HEADER: "dev-key"},
        )
        assert created.status_code == 201
        deadline = time.monotonic() + 10
        while client.xlen(EVENTS_STREAM) == 0:  # the in-process worker relays the outbox
            assert time.monotonic() < deadline, "the worker did not relay the event"
            time.sleep(0.1)
        assert httpx.get(f"{url}/public/v1/channels/devuser").json()["slug"] == "devuser"
        opened = websocket.enter_context(
            connect(f"ws://127.0.0.1:{port}/ws", compression=None, open_timeout=10)
        )
        assert json.loads(opened.recv(timeout=10))["type"] == "welcome"
    finally:
        process.send_signal(signal.SIGINT)  # with the websocket still open
        asked = time.monotonic()
        try:
            code = process.wait(timeout=30)
        finally:
            stopped_in = time.monotonic() - asked
            if process.poll() is None:
                process.kill()
            websocket.close()
            client.close()
    logged = output.read_text(errors="replace")
    assert code == 0, logged[-3000:]
    assert stopped_in < 10, f"stopped in {stopped_in:.1f} s:\n{logged[-3000:]}"
    # every step ran to its end, none was cut: the worker stopped its loops (before, the
    # SIGINT uvicorn raised again on its way out cancelled the rest of the shutdown)
    assert "worker stopped" in logged, logged[-3000:]
    assert "cut short" not in logged, logged[-3000:]
    assert not (tmp_path / "services").exists()  # external servers: nothing local started

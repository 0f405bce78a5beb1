"""What `streamzctl dev` and `streamzctl serve` (granian) write: JSON log lines on stderr, one
per event, from every library (granian, uvicorn, SAQ, Alembic) as from ours; one line per SAQ
job; an outage as one warning line, never a traceback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from saq.queue.redis import RedisQueue

from streamz.adapters.saq import QUEUE_NAME
from streamz.entrypoints.worker.main import relay_outbox
from streamz_dev.localservices import ServiceUrls
from tests.integration.gateway.support import free_port

pytestmark = pytest.mark.timeout(120)

STREAMZCTL = Path(sys.executable).parent / "streamzctl"
FIELDS = {"timestamp", "level", "event", "logger"}


def external(services: ServiceUrls, data_dir: Path, port: int) -> dict[str, str]:
    """`streamzctl` on the test servers, with no logging variable of the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMZ_LOG")}
    return {
        **env,
        "STREAMZ_DATABASE_URL": services.database_url,
        "STREAMZ_REDIS_URL": services.redis_url,
        "STREAMZ_TYPESENSE_URL": services.typesense_url,
        "STREAMZ_TYPESENSE_API_KEY": services.typesense_api_key,
        "STREAMZ_DATA_DIR": str(data_dir),
        "STREAMZ_PORT": str(port),
        "STREAMZ_ORY_WEBHOOK_KEY": "logs-key",
    }


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every line of ``text`` as a JSON object with the common fields; fails on any other."""
    lines = []
    for line in text.splitlines():
        try:
            parsed = json.loads(line)
        except ValueError:
            pytest.fail(f"not a JSON line: {line!r}\n{text[-3000:]}")
        assert isinstance(parsed, dict), line
        assert parsed.keys() >= FIELDS, line
        lines.append(parsed)
    return lines


def until(what: str, check: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while not check():
        assert process.poll() is None, f"exited early while waiting: {what}"
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@contextlib.contextmanager
def running(argv: list[str], env: dict[str, str], out: Path, err: Path) -> Iterator[Any]:
    """A `streamzctl` process writing stdout and stderr apart; stopped with SIGINT (killed if it
    outlives 20 s)."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=5)


def test_dev_logs_json_lines_from_every_library_and_one_line_per_job(
    services: ServiceUrls, tmp_path: Path, clean: None
) -> None:
    port = free_port()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    url = f"http://127.0.0.1:{port}"
    env = external(services, tmp_path, port)
    with running([str(STREAMZCTL), "dev"], env, out, err) as process:
        until("dev serves", lambda: answers(f"{url}/health"), process)
        assert httpx.get(f"{url}/public/v1/channels/nobody").status_code == 404

        async def enqueue() -> str:
            queue = RedisQueue.from_url(services.redis_url, name=QUEUE_NAME)
            try:
                job = await queue.enqueue(relay_outbox.__qualname__)
                assert job is not None
                return job.key
            finally:
                await queue.disconnect()

        key = asyncio.run(enqueue())
        until("the job's line", lambda: key in err.read_text(), process)
    lines = json_lines(err.read_text())
    loggers = {line["logger"] for line in lines}
    assert "alembic.runtime.migration" in loggers  # the migrations dev runs at start
    assert any(line["logger"].startswith("uvicorn") for line in lines)  # dev runs uvicorn
    access = [line for line in lines if line["event"] == "request" and line["status"] == 404]
    assert access[0]["path"] == "/public/v1/channels/nobody"
    assert access[0]["request_id"]
    jobs = [line for line in lines if key in json.dumps(line)]
    assert len(jobs) == 1, jobs  # SAQ's own enqueue/process/finish lines are DEBUG
    [job] = jobs
    assert job["event"] == "job"
    assert job["function"] == "relay_outbox"
    assert job["key"] == key
    assert job["status"] == "complete"
    assert job["attempts"] == 1
    assert isinstance(job["ms"], int)
    assert job["level"] == "info"
    assert not [line for line in lines if line["logger"] == "saq" and "Job<" in line["event"]]
    # stdout: dev's few hints for the person at the terminal, no log line
    hints = out.read_text()
    assert f"Streamz on {url}" in hints
    assert '"event"' not in hints


def test_granian_lines_are_json_and_an_outage_is_one_warning_without_traceback(
    services: ServiceUrls, tmp_path: Path, clean: None
) -> None:
    port = free_port()
    dead = free_port()  # nothing listens there: PostgreSQL is down
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    url = f"http://127.0.0.1:{port}"
    env = {
        **external(services, tmp_path, port),
        "STREAMZ_DATABASE_URL": f"postgresql://streamz@127.0.0.1:{dead}/streamz",
        "STREAMZ_SERVER": "granian",
        "STREAMZ_WORKERS": "1",
    }
    with running([str(STREAMZCTL), "serve"], env, out, err) as process:
        until("serve answers", lambda: answers(f"{url}/health"), process)
        response = httpx.get(f"{url}/public/v1/accounts/someone", timeout=30)
        assert response.status_code == 503, response.text
    text = err.read_text()
    lines = json_lines(text)
    granian = [line for line in lines if line["logger"] == "_granian"]
    assert any("granian" in line["event"].lower() for line in granian), lines  # its start line
    assert any(line["event"].startswith("Spawning worker") for line in granian), granian
    outages = [line for line in lines if line["event"] == "dependency unavailable"]
    assert len(outages) == 1, outages
    assert outages[0]["level"] == "warning"
    assert "Traceback" not in text
    assert [line for line in lines if line["level"] in {"error", "critical"}] == []
    assert out.read_text() == ""

"""`streamzctl serve` with two worker processes: every scrape, whichever process answers it,
reports the requests of both (prometheus_client's multiprocess mode), and the per-process files
are removed when it stops."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.integration.metrics.support import value
from tests.integration.test_serve_respawn import Start, serve

pytestmark = pytest.mark.timeout(150)
__all__ = ["serve"]  # the fixture, shared with the respawn tests

REQUESTS = 24
SCRAPES = 8


@pytest.mark.parametrize("server", ["granian", "uvicorn"])
def test_a_scrape_sums_every_server_process(
    serve: Start, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tmp_path / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(files))  # for the server only
    served = serve(server, 2)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    served.workers(2)
    health = "/health"
    first = served.http.get(f"{served.url}/metrics", headers={"Connection": "close"}).text
    start = value(first, "streamz_http_requests_total", path=health)  # the start-up probes
    for _ in range(REQUESTS):
        assert served.health() == 200  # a new connection each: either process may answer
    pids = {name.rsplit("_", 1)[1] for name in (p.name for p in files.glob("counter_*.db"))}
    assert len(pids) == 2, f"both processes counted requests: {sorted(pids)}"
    for _ in range(SCRAPES):
        response = served.http.get(f"{served.url}/metrics", headers={"Connection": "close"})
        assert response.status_code == 200
        assert value(response.text, "streamz_http_requests_total", path=health) == (
            start + REQUESTS
        )
    served.process.send_signal(signal.SIGINT)
    served.process.wait(timeout=30)
    assert not list(files.glob("*.db")), "the per-process files are removed at exit"

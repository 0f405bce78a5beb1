"""A real `streamzctl dev` in a subprocess, on the suite's servers, for the demo tests and the
README walk-through: its own data dir (so its local issuer, generated secrets and fake
Livepeer), a free port, every wait bounded, its process group killed at the end."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from streamz.settings import Settings

START_SECONDS = 90.0
STOP_SECONDS = 30.0


@dataclass(frozen=True)
class Dev:
    url: str
    env: dict[str, str]  # the STREAMZ_* variables (and the rest) it runs with
    data_dir: Path
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def dev_env(settings: Settings, data_dir: Path, port: int) -> dict[str, str]:
    """The environment of a `dev` (and of the commands run beside it) on the suite's servers,
    with the local issuer (no Ory) and no Livepeer configured (so its fake runs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMZ_")}
    env.update(
        {
            "STREAMZ_DATABASE_URL": settings.database.url or "",
            "STREAMZ_REDIS_URL": settings.redis.url or "",
            "STREAMZ_TYPESENSE_URL": settings.search.url or "",
            "STREAMZ_TYPESENSE_API_KEY": settings.search.api_key or "",
            "STREAMZ_DATA_DIR": str(data_dir),
            "STREAMZ_PORT": str(port),
        }
    )
    return env


@contextlib.contextmanager
def running_dev(settings: Settings, data_dir: Path) -> Iterator[Dev]:
    port = free_port()
    env = dev_env(settings, data_dir, port)
    log = data_dir / "dev.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    streamzctl = Path(sys.executable).parent / "streamzctl"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(streamzctl), "dev"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: all of it is stopped below
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield Dev(url, env, data_dir, log)
    finally:
        _stop(process)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"streamzctl dev exited early:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"streamzctl dev never became ready:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)

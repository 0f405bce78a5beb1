"""Real PostgreSQL + Redis + Typesense started by LocalServices (no Docker, no network)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import redis

from streamz_dev.localservices import LocalServices, ServiceStatus, ServiceUrls, _process, manager
from streamz_dev.localservices._process import port_free

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def root() -> Iterator[Path]:
    # pytest's tmp_path (/tmp/pytest-of-root, 0700) is not traversable by the unprivileged
    # user postgres runs as when the tests run as root.
    path = Path(tempfile.mkdtemp(prefix="streamz-ls-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path / "services"
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline and _alive(int(proc.name)):
            found.append(int(proc.name))
    return found


def _pg_dsn(urls: ServiceUrls) -> str:
    return urls.database_url.replace("postgresql+asyncpg://", "postgresql://")


def _pg(urls: ServiceUrls, *statements: str) -> list[Any]:
    async def run() -> list[Any]:
        conn = await asyncpg.connect(_pg_dsn(urls))
        try:
            for statement in statements[:-1]:
                await conn.execute(statement)
            return list(await conn.fetch(statements[-1]))
        finally:
            await conn.close()

    return asyncio.run(run())


def _typesense(urls: ServiceUrls, method: str, path: str, body: object | None = None) -> Any:
    request = urllib.request.Request(  # noqa: S310 - loopback http
        f"{urls.typesense_url}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"X-TYPESENSE-API-KEY": urls.typesense_api_key, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read())


_PG_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes", "listen_addresses")


def _by_name(statuses: list[ServiceStatus]) -> dict[str, ServiceStatus]:
    return {s.name: s for s in statuses}


def test_status_before_start(root: Path) -> None:
    services = LocalServices(root, fixed_ports=False)
    statuses = _by_name(services.status())
    assert set(statuses) == {"postgres", "redis", "typesense"}
    assert not any(s.running or s.pid for s in statuses.values())
    assert services.urls() is None
    services.stop()  # no-op when nothing ever ran


def test_start_idempotent_persistent_and_clean_stop(root: Path) -> None:
    services = LocalServices(root, fixed_ports=False, ephemeral=False)
    try:
        urls = services.start()
        assert urls.database_url.startswith("postgresql+asyncpg://streamz:streamz@127.0.0.1:")
        assert urls.database_url.endswith("/streamz")
        assert urls.redis_url.startswith("redis://127.0.0.1:")
        assert urls.typesense_url.startswith("http://127.0.0.1:")

        # --- each server does real work
        rows = _pg(
            urls,
            "CREATE TABLE kept (id int PRIMARY KEY, note text)",
            "INSERT INTO kept VALUES (1, 'survives restart')",
            "SELECT current_user, current_database(), note FROM kept",
        )
        assert tuple(rows[0]) == ("streamz", "streamz", "survives restart")
        durable = _pg(urls, "SELECT current_setting('fsync'), current_setting('listen_addresses')")
        assert tuple(durable[0]) == ("on", "127.0.0.1")
        client = redis.Redis.from_url(urls.redis_url)
        try:
            assert client.ping() is True
            client.set("streamz:kept", b"value")
            assert client.get("streamz:kept") == b"value"
        finally:
            client.close()
        assert _typesense(urls, "GET", "/health") == {"ok": True}
        schema = {"name": "kept", "fields": [{"name": "title", "type": "string"}]}
        assert _typesense(urls, "POST", "/collections", schema)["name"] == "kept"

        # --- status + idempotent start
        first = _by_name(services.status())
        assert all(s.running and s.pid and s.port and s.binary for s in first.values())
        assert services.urls() == urls
        assert services.start() == urls
        assert {n: s.pid for n, s in _by_name(services.status()).items()} == {
            n: s.pid for n, s in first.items()
        }

        # --- stop: nothing left running
        services.stop()
        stopped = _by_name(services.status())
        assert not any(s.running or s.pid for s in stopped.values())
        assert services.urls() is None
        assert not [pid for s in first.values() if s.pid and _alive(pid := s.pid)]

        # --- restart keeps data and the Typesense API key
        urls2 = services.start()
        assert urls2.typesense_api_key == urls.typesense_api_key
        assert tuple(_pg(urls2, "SELECT id, note FROM kept")[0]) == (1, "survives restart")
        client = redis.Redis.from_url(urls2.redis_url)
        try:
            assert client.get("streamz:kept") == b"value"
        finally:
            client.close()
        names = [c["name"] for c in _typesense(urls2, "GET", "/collections")]
        assert names == ["kept"]
    finally:
        services.stop()
    assert not [s.pid for s in services.status() if s.running]
    assert _processes_mentioning(str(root)) == []


def test_ephemeral_uses_fast_unsafe_settings(root: Path) -> None:
    services = LocalServices(root, fixed_ports=False, ephemeral=True)
    try:
        urls = services.start()
        rows = _pg(urls, f"SELECT {', '.join(f'current_setting({n!r})' for n in _PG_SETTINGS)}")
        assert tuple(rows[0]) == ("off", "off", "off", "127.0.0.1")
        client = redis.Redis.from_url(urls.redis_url)
        try:
            assert client.config_get("appendonly") == {"appendonly": "no"}
            assert client.config_get("save") == {"save": ""}
        finally:
            client.close()
    finally:
        services.stop()
    assert _processes_mentioning(str(root)) == []


def test_state_and_redis_data_are_for_their_owner_only(root: Path) -> None:
    """state.json holds the Typesense admin key, Redis' files chat data: 0600, dirs 0700."""
    services = LocalServices(root, fixed_ports=False, ephemeral=False)
    try:
        urls = services.start()
        client = redis.Redis.from_url(urls.redis_url)
        try:
            client.set("streamz:private", b"chat")
            client.save()  # dump.rdb, next to the append-only files
        finally:
            client.close()
        redis_files = [p for p in (root / "redis").rglob("*") if p.is_file()]
        assert any(p.name.endswith(".rdb") for p in redis_files)
        assert any(".aof" in p.name for p in redis_files)
        for path in [root / "state.json", root / "redis", *(root / "redis").rglob("*")]:
            assert path.stat().st_mode & 0o077 == 0, (path, oct(path.stat().st_mode))
    finally:
        services.stop()


def test_stop_is_bounded_and_kills_a_server_that_will_not_stop(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session's teardown cannot hang on a server: past ``STOP_SECONDS`` it is SIGKILLed."""
    stubborn = subprocess.Popen(
        ["sh", "-c", "trap '' TERM INT; while :; do sleep 0.1; done"], start_new_session=True
    )
    services = LocalServices(root, fixed_ports=False, ephemeral=True)
    root.mkdir(parents=True)
    (root / "state.json").write_text(
        json.dumps({"services": {"redis": {"pid": stubborn.pid, "port": 1}}})
    )
    monkeypatch.setattr(manager, "STOP_SECONDS", 0.5)
    monkeypatch.setattr(services.redis, "stop", lambda pid: time.sleep(3))  # hangs past it
    started = time.monotonic()
    try:
        services.stop()
        assert time.monotonic() - started < 2.5
        assert stubborn.wait(timeout=5) == -signal.SIGKILL
    finally:
        if stubborn.poll() is None:
            stubborn.kill()


_EXIT_SYSCALL = {"x86_64": 60, "aarch64": 93}  # exit(2): the calling thread alone ends
_HALF_DEAD = """
import ctypes, socket, sys, threading, time
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
print(listener.getsockname()[1], flush=True)
threading.Thread(target=time.sleep, args=(60,)).start()
ctypes.CDLL(None).syscall(int(sys.argv[1]), 0)
"""


@pytest.mark.skipif(os.uname().machine not in _EXIT_SYSCALL, reason="exit(2) number unknown")
def test_a_process_is_alive_until_every_thread_holding_its_sockets_is_gone() -> None:
    """A killed redis-server's main thread is a zombie before its other threads have exited
    and closed its listening socket: "dead" then let a restart find the port taken."""
    argv = [sys.executable, "-c", _HALF_DEAD, str(_EXIT_SYSCALL[os.uname().machine])]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        deadline = time.monotonic() + 10
        while Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z":
            assert time.monotonic() < deadline, "the main thread did not exit"
            time.sleep(0.01)
        # the main thread is a zombie; the other thread still holds the listening socket
        assert _process.pid_alive(proc.pid)
        assert not port_free(port)
        os.kill(proc.pid, signal.SIGKILL)
        while _process.pid_alive(proc.pid):
            assert time.monotonic() < deadline, "the process did not die of SIGKILL"
            time.sleep(0.01)
        assert port_free(port)
    finally:
        proc.kill()
        proc.wait(timeout=5)

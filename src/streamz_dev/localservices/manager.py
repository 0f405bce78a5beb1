"""Start/stop/status of the local PostgreSQL + Redis + Typesense set under one root directory."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from streamz_dev.localservices._process import (
    LocalServicesError,
    free_port,
    port_free,
    port_open,
)
from streamz_dev.localservices.postgres import Postgres, database_url
from streamz_dev.localservices.redis import Redis, redis_url
from streamz_dev.localservices.typesense import (
    Typesense,
    load_or_create_api_key,
    typesense_url,
)

SERVICES = ("postgres", "redis", "typesense")
STOP_SECONDS = 45.0  # all three together; then whatever still runs is killed
log = logging.getLogger("streamz.localservices")
FIXED_PORTS = {"postgres": 55432, "redis": 56379, "typesense": 58108, "typesense_peering": 58107}


@dataclass(frozen=True)
class ServiceUrls:
    database_url: str
    redis_url: str
    typesense_url: str
    typesense_api_key: str


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    running: bool
    pid: int | None
    port: int | None
    binary: str | None


class LocalServices:
    def __init__(self, root: Path, *, ephemeral: bool = False, fixed_ports: bool = True) -> None:
        """root holds data + state (root/postgres, root/redis, root/typesense, root/state.json).

        fixed_ports=True uses 55432 (pg), 56379 (redis), 58108 (typesense) for the dev runner;
        fixed_ports=False picks free ports (tests). ephemeral=True: fast unsafe settings.
        """
        self.root = Path(root).absolute()
        self.ephemeral = ephemeral
        self.fixed_ports = fixed_ports
        self.state_path = self.root / "state.json"
        self.api_key_path = self.root / "typesense.api-key"
        self.postgres = Postgres(
            self.root / "postgres", self.root / "postgres.log", ephemeral=ephemeral
        )
        self.redis = Redis(self.root / "redis", self.root / "redis.log", ephemeral=ephemeral)
        self.typesense = Typesense(self.root / "typesense", self.root / "typesense.log")

    # ------------------------------------------------------------------ state file

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return {"services": {}}
        if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
            return {"services": {}}
        return data

    def _save(self, state: dict[str, Any]) -> None:
        # it holds the Typesense admin key: its owner's only, from the moment it exists
        tmp = self.state_path.with_suffix(".json.tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(json.dumps(state, indent=2, sort_keys=True) + "\n")
        tmp.replace(self.state_path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _entry(state: dict[str, Any], name: str) -> dict[str, Any]:
        entry = state["services"].get(name)
        return entry if isinstance(entry, dict) else {}

    def _is_running(self, name: str, entry: dict[str, Any]) -> bool:
        pid, port = entry.get("pid"), entry.get("port")
        if not isinstance(pid, int) or not isinstance(port, int):
            return False
        service = self._service(name)
        return service.alive(pid) and port_open(port)

    def _service(self, name: str) -> Postgres | Redis | Typesense:
        if name == "postgres":
            return self.postgres
        return self.redis if name == "redis" else self.typesense

    # ------------------------------------------------------------------ ports

    def _pick_port(self, key: str, previous: object, taken: set[int]) -> int:
        if self.fixed_ports:
            port = FIXED_PORTS[key]
            if not port_free(port):
                raise LocalServicesError(
                    f"{key}: port 127.0.0.1:{port} is already in use by another process "
                    "(another fixed-port LocalServices root running? stop it first)"
                )
        elif isinstance(previous, int) and previous not in taken and port_free(previous):
            port = previous
        else:
            port = free_port()
            while port in taken:
                port = free_port()
        taken.add(port)
        return port

    # ------------------------------------------------------------------ public API

    def _plan(self, state: dict[str, Any], api_key: str) -> dict[str, Callable[[], int]]:
        """Clear stale entries, pick ports; returns a launcher per service to start."""
        taken: set[int] = set()
        for name in SERVICES:
            entry = self._entry(state, name)
            state["services"][name] = entry
            if self._is_running(name, entry):
                taken.add(entry["port"])
            elif isinstance(entry.get("pid"), int):  # dead, or alive but not answering
                self._service(name).stop(entry["pid"])
                entry["pid"] = None
        to_start: dict[str, Callable[[], int]] = {}
        for name in SERVICES:
            entry = state["services"][name]
            if entry.get("pid") is not None:
                continue
            entry["port"] = port = self._pick_port(name, entry.get("port"), taken)
            entry["binary"] = self._service(name).binary
            if name == "postgres":
                to_start[name] = partial(self.postgres.start, port)
            elif name == "redis":
                to_start[name] = partial(self.redis.start, port)
            else:
                peer = self._pick_port("typesense_peering", entry.get("peering_port"), taken)
                entry["peering_port"] = peer
                to_start[name] = partial(self.typesense.start, port, peer, api_key)
        return to_start

    def _launch(self, state: dict[str, Any], to_start: dict[str, Callable[[], int]]) -> None:
        """Run the launchers in parallel; on any failure stop those that did start, raise."""
        if not to_start:
            return
        errors: list[str] = []
        with ThreadPoolExecutor(max_workers=len(to_start)) as pool:
            futures = {name: pool.submit(fn) for name, fn in to_start.items()}
            for name, future in futures.items():
                try:
                    state["services"][name]["pid"] = future.result()
                except Exception as exc:
                    is_ours = isinstance(exc, LocalServicesError)
                    errors.append(str(exc) if is_ours else f"{name}: {exc!r}")
        if not errors:
            return
        for name in to_start:  # don't leave half a set behind
            entry = state["services"][name]
            if entry.get("pid") is not None:
                self._service(name).stop(entry["pid"])
                entry["pid"] = None
        state.pop("urls", None)
        self._save(state)
        raise LocalServicesError("\n\n".join(errors))

    def start(self) -> ServiceUrls:
        """Start whatever is not running (idempotent), wait for readiness, persist state."""
        with self._locked():
            if os.geteuid() == 0:  # postgres runs unprivileged and must traverse root
                self.root.chmod(self.root.stat().st_mode | 0o011)
            state = self._load()
            api_key = load_or_create_api_key(self.api_key_path)
            self._launch(state, self._plan(state, api_key))
            services = state["services"]
            urls = ServiceUrls(
                database_url=database_url(services["postgres"]["port"]),
                redis_url=redis_url(services["redis"]["port"]),
                typesense_url=typesense_url(services["typesense"]["port"]),
                typesense_api_key=api_key,
            )
            state["urls"] = asdict(urls)
            self._save(state)
            return urls

    def stop(self) -> None:
        """Stop all three (pg_ctl stop -m fast; SIGTERM then SIGKILL), clear pids from state.

        Each stop is bounded (about 30 s at most); past ``STOP_SECONDS`` altogether, whatever
        still runs is killed outright, so a teardown never hangs on a server."""
        if not self.root.exists():
            return
        with self._locked():
            state = self._load()
            pool = ThreadPoolExecutor(max_workers=len(SERVICES))
            futures: dict[Future[None], tuple[str, int | None]] = {}
            for name in SERVICES:
                pid = self._entry(state, name).get("pid")
                pid = pid if isinstance(pid, int) else None
                if pid is not None or name == "postgres":  # pg: also an orphaned postmaster
                    futures[pool.submit(self._service(name).stop, pid)] = (name, pid)
            done, late = wait(futures, timeout=STOP_SECONDS)
            pool.shutdown(wait=False)
            for future in late:
                self._kill(*futures[future])
            for future in done:
                future.result()
            for name in SERVICES:
                if name in state["services"]:
                    state["services"][name]["pid"] = None
            state.pop("urls", None)
            if self.state_path.exists() or state["services"]:
                self._save(state)

    def _kill(self, name: str, pid: int | None) -> None:
        """SIGKILL a server that did not stop in time (its whole process group: postgres'
        backends, too)."""
        if name == "postgres":
            pm = self.postgres.postmaster()
            pid = pm[0] if pm is not None else pid
        if pid is None:
            return
        log.warning("%s did not stop within %.0f s: killing pid %d", name, STOP_SECONDS, pid)
        with contextlib.suppress(OSError):
            group = os.getpgid(pid)
            if group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)

    def status(self) -> list[ServiceStatus]:
        state = self._load()
        result = []
        for name in SERVICES:
            entry = self._entry(state, name)
            running = self._is_running(name, entry)
            port = entry.get("port")
            if not isinstance(port, int):
                port = FIXED_PORTS[name] if self.fixed_ports else None
            binary = entry.get("binary") if running else None
            result.append(
                ServiceStatus(
                    name=name,
                    running=running,
                    pid=entry["pid"] if running else None,
                    port=port,
                    binary=binary if isinstance(binary, str) else self._service(name).binary,
                )
            )
        return result

    def urls(self) -> ServiceUrls | None:
        """URLs from state.json if all three services are running, else None."""
        state = self._load()
        urls = state.get("urls")
        if not isinstance(urls, dict):
            return None
        if not all(self._is_running(name, self._entry(state, name)) for name in SERVICES):
            return None
        try:
            return ServiceUrls(
                database_url=str(urls["database_url"]),
                redis_url=str(urls["redis_url"]),
                typesense_url=str(urls["typesense_url"]),
                typesense_api_key=str(urls["typesense_api_key"]),
            )
        except KeyError:
            return None

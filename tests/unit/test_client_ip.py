"""The client's address: X-Forwarded-For only from trusted proxies, rightmost untrusted hop."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from streamz.entrypoints.http.client_ip import (
    client_ip,
    client_ip_of,
    limit_key,
    parse_address,
    parse_networks,
)
from streamz.settings import HttpSettings, Settings, SettingsError

NOBODY = parse_networks([])
LOOPBACK = parse_networks(["127.0.0.1/32"])
PROXIES = parse_networks(["10.0.0.0/8", "127.0.0.1", "::1"])


def test_nobody_is_trusted_by_default_not_even_loopback() -> None:
    for forwarded in (["203.0.113.7"], ["1.1.1.1, 2.2.2.2"], []):
        assert client_ip("127.0.0.1", forwarded, NOBODY) == "127.0.0.1"
    assert client_ip("::1", ["203.0.113.7"], NOBODY) == "::1"


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert client_ip("198.51.100.4", ["203.0.113.7"], LOOPBACK) == "198.51.100.4"
    assert client_ip("198.51.100.4", ["203.0.113.7"], PROXIES) == "198.51.100.4"


def test_a_trusted_peer_hands_over_the_rightmost_untrusted_hop() -> None:
    assert client_ip("127.0.0.1", ["203.0.113.7"], LOOPBACK) == "203.0.113.7"
    # what the client wrote itself sits left of what our proxy appended: ignored
    assert client_ip("127.0.0.1", ["6.6.6.6, 203.0.113.7"], LOOPBACK) == "203.0.113.7"
    # a chain of trusted proxies is walked through
    assert client_ip("10.0.0.2", ["6.6.6.6, 203.0.113.7, 10.1.2.3"], PROXIES) == "203.0.113.7"
    # several header lines are one list, in order
    assert client_ip("10.0.0.2", ["6.6.6.6", "203.0.113.7", "10.1.2.3"], PROXIES) == "203.0.113.7"


def test_a_trusted_peer_without_forwarded_for_is_the_client() -> None:
    assert client_ip("127.0.0.1", [], LOOPBACK) == "127.0.0.1"
    assert client_ip("127.0.0.1", [" , "], LOOPBACK) == "127.0.0.1"


def test_only_trusted_hops_leave_the_leftmost() -> None:
    assert client_ip("10.0.0.2", ["10.9.9.9, 10.1.2.3"], PROXIES) == "10.9.9.9"


def test_garbage_stops_at_the_last_trusted_proxy() -> None:
    assert client_ip("127.0.0.1", ["unknown"], LOOPBACK) == "127.0.0.1"
    assert client_ip("10.0.0.2", ["203.0.113.7, junk, 10.1.2.3"], PROXIES) == "10.1.2.3"


def test_addresses_are_normalized() -> None:
    assert client_ip("127.0.0.1", ["203.0.113.7:4431"], LOOPBACK) == "203.0.113.7"
    assert client_ip("127.0.0.1", ["[2001:DB8::1]:443"], LOOPBACK) == "2001:db8::1"
    assert client_ip("::ffff:127.0.0.1", ["203.0.113.7"], LOOPBACK) == "203.0.113.7"
    assert client_ip("::1", ["2001:db8::5"], PROXIES) == "2001:db8::5"
    assert parse_address("not an address") is None
    assert parse_address("[::1") is None


def test_peers_that_are_not_addresses_are_kept_as_they_are() -> None:
    assert client_ip("testclient", ["203.0.113.7"], LOOPBACK) == "testclient"
    assert client_ip(None, [], LOOPBACK) == "unknown"


def test_ipv6_clients_are_limited_per_64() -> None:
    assert limit_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert limit_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert limit_key("203.0.113.7") == "203.0.113.7"
    assert limit_key("testclient") == "testclient"


def _scope(peer: str, headers: list[tuple[bytes, bytes]], proxies: tuple[str, ...]) -> Any:
    settings = Settings(data_dir=Path("/nonexistent"), http=HttpSettings(trusted_proxies=proxies))
    app = SimpleNamespace(state=SimpleNamespace(settings=settings))
    return {"type": "http", "client": (peer, 5000), "headers": headers, "app": app}


def test_the_scope_rule_uses_the_settings_and_keeps_its_answer() -> None:
    forwarded = [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.7")]
    assert client_ip_of(_scope("127.0.0.1", forwarded, ())) == "127.0.0.1"
    scope = _scope("127.0.0.1", forwarded, ("127.0.0.1/32",))
    assert client_ip_of(scope) == "203.0.113.7"
    scope["headers"] = []
    assert client_ip_of(scope) == "203.0.113.7"  # once per connection


def test_trusted_proxies_are_read_from_the_environment() -> None:
    env = {"STREAMZ_TRUSTED_PROXIES": " 10.0.0.0/8, 127.0.0.1 ,::1,"}
    assert Settings.from_env(env).http.trusted_proxies == ("10.0.0.0/8", "127.0.0.1/32", "::1/128")
    assert Settings.from_env({}).http.trusted_proxies == ()
    with pytest.raises(SettingsError, match="STREAMZ_TRUSTED_PROXIES: 'localhost'"):
        Settings.from_env({"STREAMZ_TRUSTED_PROXIES": "10.0.0.0/8,localhost"})


def test_limits_are_read_from_the_environment() -> None:
    settings = Settings.from_env({})
    assert (settings.limits.private_per_minute, settings.limits.api_tokens_per_hour) == (1200, 10)
    assert settings.limits.ws_connections_per_ip == 50
    env = {
        "STREAMZ_PRIVATE_RATE_LIMIT": "30",
        "STREAMZ_API_TOKEN_RATE_LIMIT": "2",
        "STREAMZ_WS_CONNECTIONS_PER_IP": "5",
    }
    settings = Settings.from_env(env)
    assert (settings.limits.private_per_minute, settings.limits.api_tokens_per_hour) == (30, 2)
    assert settings.limits.ws_connections_per_ip == 5
    with pytest.raises(SettingsError, match="STREAMZ_WS_CONNECTIONS_PER_IP=0"):
        Settings.from_env({"STREAMZ_WS_CONNECTIONS_PER_IP": "0"})

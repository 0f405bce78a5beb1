"""Every multi-key Lua script and transaction of the Redis adapters puts all keys of one call in
one Redis Cluster slot (their keys share a hash tag), so they run on a Cluster.

The adapters are driven against a recording client: the keys checked are the ones each call
really sends, not names rebuilt here. A new multi-key script that no case below drives fails
``test_every_multi_key_script_is_checked``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from redis.crc import key_slot

import streamz.adapters.redis as redis_adapters
from streamz.adapters.redis.chat_throttle import RedisChatThrottle
from streamz.adapters.redis.connection_slots import RedisConnectionSlots
from streamz.adapters.redis.presence import RedisPresence
from streamz.adapters.redis.trending import RedisTrendingQueries
from streamz.adapters.redis.urls import parse
from streamz.ports.chat_throttle import Throttle
from streamz.settings import Settings, SettingsError


class Recorder:
    """A stand-in for the Redis client: records script calls and transactions' keys."""

    def __init__(self) -> None:
        self.scripts: list[tuple[str, list[str]]] = []  # (script source, keys of one call)
        self.transactions: list[list[str]] = []  # keys of each MULTI/EXEC

    def register_script(self, source: str) -> Any:
        recorder = self

        async def call(
            keys: list[str] | None = None, args: list[Any] | None = None, client: Any = None
        ) -> Any:
            recorder.scripts.append((source, list(keys or [])))
            if isinstance(client, _Pipeline):
                client.calls += 1
                return client
            if "ZREVRANGE" in source:
                return []
            return [0, 1] if "TIME" in source else 1

        return call

    def pipeline(self, transaction: bool = True) -> Any:
        return _Pipeline(self, transaction)


class _Pipeline:
    def __init__(self, recorder: Recorder, transaction: bool) -> None:
        self._recorder = recorder
        self._transaction = transaction
        self._keys: list[str] = []
        self.calls = 0

    async def __aenter__(self) -> _Pipeline:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def __getattr__(self, command: str) -> Any:
        def queue(*args: Any, **kwargs: Any) -> None:
            self.calls += 1
            for arg in args:  # the key arguments of the commands used in transactions
                if isinstance(arg, str):
                    self._keys.append(arg)
                elif isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                    self._keys.extend(arg)

        return queue

    async def execute(self) -> list[Any]:
        if self._transaction:
            self._recorder.transactions.append(self._keys)
        return [[] for _ in range(self.calls)]


def _slots(keys: list[str]) -> set[int]:
    return {key_slot(key.encode()) for key in keys}


async def _drive_all() -> Recorder:
    """Every adapter call that runs a multi-key script or a transaction, for two rooms,
    accounts, IPs..."""
    client = Recorder()
    fake: Any = client
    throttle = RedisChatThrottle(fake)
    rule = Throttle(
        limit=20,
        window_seconds=30,
        slow_seconds=5,
        unique_seconds=30,
        unique_key="hello",
        unique_check=True,
    )
    for _ in range(2):
        await throttle.admit(uuid.uuid4(), uuid.uuid4(), rule)
        await throttle.peek(uuid.uuid4(), uuid.uuid4(), rule)
    presence = RedisPresence(fake)
    await presence.tally("instance-a", ["chatroom:1", f"channel:{uuid.uuid4()}"], 2.0, 60.0)
    slots = RedisConnectionSlots(fake, instance="instance-a")
    await slots.acquire("ip:203.0.113.7", 50)
    await slots.acquire("ip:2001:db8::1", 50)
    await slots.heartbeat()
    slots._closed = True  # no heartbeat task left behind
    task = slots._task
    if task is not None:
        task.cancel()
    trending = RedisTrendingQueries(fake)
    await trending.top(24, 10, datetime(2026, 1, 2, 3, tzinfo=UTC))
    return client


async def test_each_multi_key_script_call_stays_in_one_slot() -> None:
    client = await _drive_all()
    multi = [(source, keys) for source, keys in client.scripts if len(keys) > 1]
    assert len(multi) >= 9  # 4 throttle calls, 2 tallies, 2 acquires, a union (+ a heartbeat)
    for source, keys in multi:
        assert len(_slots(keys)) == 1, (keys, source[:60])


async def test_no_adapter_uses_a_transaction() -> None:
    """redis-py's Cluster client runs MULTI/EXEC on a thread of its own with a new event loop,
    blocking the process's loop meanwhile: the adapters use scripts instead."""
    client = await _drive_all()
    assert client.transactions == []


async def test_calls_for_different_rooms_spread_over_slots() -> None:
    """The tag is the room, not one constant: rooms land in different slots."""
    client = await _drive_all()
    throttle_calls = [keys for source, keys in client.scripts if "TIME" in source]
    assert len({key_slot(keys[0].encode()) for keys in throttle_calls}) > 1


_KEYS = re.compile(r"KEYS\[(\d+|i)\]|unpack\((KEYS)")


def _multi_key_sources() -> set[str]:
    """Every module-level Lua source of the Redis adapters that names a key beyond KEYS[1]."""
    found: set[str] = set()
    for info in pkgutil.iter_modules(redis_adapters.__path__):
        module = importlib.import_module(f"{redis_adapters.__name__}.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, str) or "redis.call" not in value:
                continue
            if {a or b for a, b in _KEYS.findall(value)} - {"1"}:
                found.add(value)
    return found


async def test_every_multi_key_script_is_checked() -> None:
    sources = _multi_key_sources()
    # chat throttle, presence tally, connection acquire and heartbeat, trending's union
    assert len(sources) == 5
    driven = {source for source, keys in (await _drive_all()).scripts if len(keys) > 1}
    assert sources <= driven


def test_redis_urls_name_their_mode() -> None:
    assert parse("redis://localhost:6379/0").mode == "standalone"
    sentinel = parse("redis+sentinel://:secret@s1:26379,s2/mymaster/2")
    assert (sentinel.mode, sentinel.service, sentinel.db) == ("sentinel", "mymaster", 2)
    assert sentinel.nodes == (("s1", 26379), ("s2", 26379))
    assert sentinel.password == "secret"
    cluster = parse("rediss+cluster://n1:7000,n2:7001")
    assert (cluster.mode, cluster.tls, cluster.nodes) == (
        "cluster",
        True,
        (("n1", 7000), ("n2", 7001)),
    )


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("redis+sentinel://s1:26379", "names no master"),
        ("redis+cluster://n1:7000/3", "only database 0"),
        ("redis+cluster://n1:x", "bad port"),
        ("redis+cluster://n1:7000,,n2:7000", "without a host"),
        ("memcached://x", "must be a redis/rediss/unix/redis"),
        ("localhost:6379", "must be a redis"),
    ],
)
def test_bad_redis_urls_say_what_is_wrong(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse(url)


SERVICES = {
    "STREAMZ_DATABASE_URL": "postgresql://u:p@db:5432/streamz",
    "STREAMZ_REDIS_URL": "redis://cache:6379/0",
    "STREAMZ_TYPESENSE_URL": "http://search:8108",
    "STREAMZ_TYPESENSE_API_KEY": "key",
}


def _problems(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({**SERVICES, **env})
    return str(info.value)


def test_settings_take_sentinel_cluster_and_typesense_nodes() -> None:
    settings = Settings.from_env(
        {
            **SERVICES,
            "STREAMZ_REDIS_URL": "redis+cluster://n1:7000,n2:7000",
            "STREAMZ_QUEUE_REDIS_URL": "redis+sentinel://s1:26379,s2:26379/queue",
            "STREAMZ_TYPESENSE_URL": " http://ts1:8108/ , https://ts2:443",
        }
    )
    assert settings.redis.queue == "redis+sentinel://s1:26379,s2:26379/queue"
    assert settings.search.nodes == ("http://ts1:8108", "https://ts2:443")
    assert Settings.from_env(SERVICES).redis.queue == "redis://cache:6379/0"


def test_a_cluster_needs_a_queue_redis_that_is_not_one() -> None:
    cluster = "redis+cluster://n1:7000,n2:7000"
    assert "STREAMZ_QUEUE_REDIS_URL" in _problems({"STREAMZ_REDIS_URL": cluster})
    both = {"STREAMZ_REDIS_URL": cluster, "STREAMZ_QUEUE_REDIS_URL": cluster}
    assert "does not run on a Redis Cluster" in _problems(both)


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("STREAMZ_REDIS_URL", "redis+sentinel://s1:26379", "names no master"),
        ("STREAMZ_QUEUE_REDIS_URL", "redis+cluster://n1:70000", "bad port"),
        ("STREAMZ_TYPESENSE_URL", "http://ts1:8108,,http://ts2:8108", "has an empty item"),
        ("STREAMZ_TYPESENSE_URL", "http://ts1:8108,ts2:8108", "must be a http/https URL"),
    ],
)
def test_bad_node_lists_are_usage_errors_naming_the_variable(
    name: str, value: str, complaint: str
) -> None:
    message = _problems({name: value})
    assert f"{name}=" in message
    assert complaint in message

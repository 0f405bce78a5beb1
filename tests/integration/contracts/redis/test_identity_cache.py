"""The identity cache's contract (entries stamped with the versions of their inputs, dropped by
``forget*``, expiring after ``ttl``), on the memory adapter and on Redis."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from streamz.adapters.memory.chat_identity import MemoryIdentityCache
from streamz.adapters.redis.identity_cache import RedisIdentityCache
from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.ports.chat_identity import IdentityCache

from .conftest import Store


def cache_of(store: Store) -> IdentityCache:
    cache: IdentityCache = store.pick(memory=MemoryIdentityCache, redis=RedisIdentityCache)
    return cache


def identity(account_id: uuid.UUID, name: str = "bob") -> ChatIdentity:
    badges = (ChatBadge(BadgeKind.VIP), ChatBadge(BadgeKind.SUBSCRIBER, 6, "https://m/6.png"))
    return ChatIdentity(account_id, name, "#1E90FF", True, badges)


async def cached(cache: IdentityCache, channel: uuid.UUID, account: uuid.UUID) -> ChatIdentity:
    """Store the account's identity under the stamp a miss gives; the identity."""
    miss = await cache.get(channel, account)
    assert miss.identity is None
    assert miss.stamp is not None
    stored = identity(account)
    await cache.put(channel, account, stored, miss.stamp, 60)
    return stored


async def test_a_miss_gives_a_stamp_and_a_put_under_it_is_served(store: Store) -> None:
    cache = cache_of(store)
    channel, account = uuid.uuid4(), uuid.uuid4()
    miss = await cache.get(channel, account)
    assert miss.identity is None
    assert miss.stamp is not None
    plain = ChatIdentity(account, "bob", "#000000", False, ())
    await cache.put(channel, account, plain, miss.stamp, 60)
    hit = await cache.get(channel, account)
    assert (hit.identity, hit.stamp) == (plain, miss.stamp)
    # a put replaces the entry; badges, months and images come back as stored
    await cache.put(channel, account, identity(account), miss.stamp, 60)
    assert (await cache.get(channel, account)).identity == identity(account)
    # entries are per (channel, account)
    assert (await cache.get(channel, uuid.uuid4())).identity is None
    assert (await cache.get(uuid.uuid4(), account)).identity is None


async def test_forgetting_a_pair_drops_that_entry_only(store: Store) -> None:
    cache = cache_of(store)
    channel, account, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stored = await cached(cache, channel, account)
    kept = await cached(cache, channel, other)
    other_channel = uuid.uuid4()
    elsewhere = await cached(cache, other_channel, account)
    before = await cache.get(channel, account)
    await cache.forget(channel, account)
    after = await cache.get(channel, account)
    assert after.identity is None
    assert after.stamp not in (None, before.stamp)
    assert (await cache.get(channel, other)).identity == kept
    assert (await cache.get(channel, account)).identity is None
    # the account elsewhere is not touched
    assert (await cache.get(other_channel, account)).identity == elsewhere
    await cache.put(channel, account, stored, after.stamp or "", 60)
    assert (await cache.get(channel, account)).identity == stored


async def test_forgetting_a_channel_drops_every_account_in_it(store: Store) -> None:
    cache = cache_of(store)
    channel, other_channel = uuid.uuid4(), uuid.uuid4()
    first, second = uuid.uuid4(), uuid.uuid4()
    await cached(cache, channel, first)
    await cached(cache, channel, second)
    kept = await cached(cache, other_channel, first)
    await cache.forget_channel(channel)
    assert (await cache.get(channel, first)).identity is None
    assert (await cache.get(channel, second)).identity is None
    assert (await cache.get(other_channel, first)).identity == kept


async def test_forgetting_an_account_drops_it_in_every_channel(store: Store) -> None:
    cache = cache_of(store)
    account, other = uuid.uuid4(), uuid.uuid4()
    first, second = uuid.uuid4(), uuid.uuid4()
    await cached(cache, first, account)
    await cached(cache, second, account)
    kept = await cached(cache, first, other)
    await cache.forget_account(account)
    assert (await cache.get(first, account)).identity is None
    assert (await cache.get(second, account)).identity is None
    assert (await cache.get(first, other)).identity == kept


async def test_an_identity_computed_before_a_forget_is_never_served(store: Store) -> None:
    cache = cache_of(store)
    channel, account = uuid.uuid4(), uuid.uuid4()
    stamps = []
    forgets: list[Callable[[], Awaitable[None]]] = [
        lambda: cache.forget(channel, account),
        lambda: cache.forget_channel(channel),
        lambda: cache.forget_account(account),
        lambda: cache.forget(channel, account),  # a second forget of the same kind too
    ]
    for forget in forgets:
        read = await cache.get(channel, account)  # the miss a writer races with
        await forget()
        assert read.stamp is not None
        stamps.append(read.stamp)
        await cache.put(channel, account, identity(account), read.stamp, 60)
        late = await cache.get(channel, account)
        assert late.identity is None
        assert late.stamp != read.stamp
    # every forget gives a new stamp: none brings an old one back
    fresh = await cache.get(channel, account)
    assert len({*stamps, fresh.stamp}) == 5
    await cache.put(channel, account, identity(account), fresh.stamp or "", 60)
    assert (await cache.get(channel, account)).identity == identity(account)


async def test_entries_expire_after_their_ttl(store: Store) -> None:
    cache = cache_of(store)
    channel, account, longer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    miss = await cache.get(channel, account)
    assert miss.stamp is not None
    await cache.put(channel, account, identity(account), miss.stamp, 1)
    stamp = (await cache.get(channel, longer)).stamp or ""
    await cache.put(channel, longer, identity(longer), stamp, 60)
    assert (await cache.get(channel, account)).identity == identity(account)
    await store.wait(1.05)
    gone = await cache.get(channel, account)
    assert (gone.identity, gone.stamp) == (None, miss.stamp)  # expired, nothing forgotten
    assert (await cache.get(channel, longer)).identity == identity(longer)

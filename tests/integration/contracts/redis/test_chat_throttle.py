"""The chat throttle's contract (slow mode, unique chat, the sliding-window rate limit), on
the memory adapter and on Redis."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace

from streamz.adapters.memory.chat_throttle import MemoryChatThrottle
from streamz.adapters.redis.chat_throttle import RedisChatThrottle
from streamz.ports.chat_throttle import ChatThrottle, Decision, Throttle, Verdict

from .conftest import Store

OFF = Throttle(
    slow_seconds=0, unique_key=None, unique_seconds=0, unique_check=True, limit=3, window_seconds=60
)


def throttle_of(store: Store) -> ChatThrottle:
    throttle: ChatThrottle = store.pick(memory=MemoryChatThrottle, redis=RedisChatThrottle)
    return throttle


def ids() -> tuple[uuid.UUID, uuid.UUID]:
    return uuid.uuid4(), uuid.uuid4()


async def test_the_rate_limit_admits_limit_messages_then_refuses(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    admitted = [await throttle.admit(room, sender, OFF) for _ in range(3)]
    assert admitted == [
        Decision(Verdict.ADMITTED, 0, 2),
        Decision(Verdict.ADMITTED, 0, 1),
        Decision(Verdict.ADMITTED, 0, 0),
    ]
    refused = await throttle.admit(room, sender, OFF)
    assert (refused.verdict, refused.remaining) == (Verdict.RATE, 0)
    assert 59_000 < refused.retry_after_ms <= 60_000  # when the oldest leaves the window
    # per (room, sender): another sender, or the same sender in another room, has its own
    assert (await throttle.admit(room, uuid.uuid4(), OFF)).remaining == 2
    assert (await throttle.admit(uuid.uuid4(), sender, OFF)).remaining == 2


async def test_concurrent_sends_never_take_more_than_the_limit(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    decisions = await asyncio.gather(*(throttle.admit(room, sender, OFF) for _ in range(12)))
    verdicts = [d.verdict for d in decisions]
    assert verdicts.count(Verdict.ADMITTED) == 3
    assert verdicts.count(Verdict.RATE) == 9
    assert sorted(d.remaining for d in decisions if d.verdict is Verdict.ADMITTED) == [0, 1, 2]


async def test_slow_mode_refuses_the_senders_next_message_until_it_passes(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    slow = replace(OFF, slow_seconds=30)
    assert (await throttle.admit(room, sender, slow)).verdict is Verdict.ADMITTED
    again = await throttle.admit(room, sender, slow)
    assert (again.verdict, again.remaining) == (Verdict.SLOW, 0)
    assert 29_000 < again.retry_after_ms <= 30_000
    peeked = await throttle.peek(room, sender, slow)
    assert peeked.verdict is Verdict.SLOW
    assert 29_000 < peeked.retry_after_ms <= 30_000
    # others in the room are not slowed by this sender, nor is this sender elsewhere
    assert (await throttle.admit(room, uuid.uuid4(), slow)).verdict is Verdict.ADMITTED
    assert (await throttle.admit(uuid.uuid4(), sender, slow)).verdict is Verdict.ADMITTED
    # slow mode turned off (0): the recorded send no longer holds the sender back
    assert (await throttle.admit(room, sender, OFF)).verdict is Verdict.ADMITTED
    # the refused send took no slot of the rate limit: two admitted, one left
    assert (await throttle.admit(room, sender, OFF)).remaining == 0


async def test_unique_chat_refuses_the_same_text_from_anyone_in_the_room(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    unique = replace(OFF, unique_key="digest-1", unique_seconds=20)
    assert (await throttle.admit(room, sender, unique)).verdict is Verdict.ADMITTED
    other = uuid.uuid4()
    duplicate = await throttle.admit(room, other, unique)
    assert (duplicate.verdict, duplicate.remaining) == (Verdict.DUPLICATE, 0)
    assert 19_000 < duplicate.retry_after_ms <= 20_000
    assert (await throttle.peek(room, other, unique)).verdict is Verdict.DUPLICATE
    # another text, or the same text in another room, passes
    assert (
        await throttle.admit(room, other, replace(unique, unique_key="digest-2"))
    ).remaining == 2
    assert (await throttle.admit(uuid.uuid4(), other, unique)).verdict is Verdict.ADMITTED
    # the refused duplicate took no slot: the other sender has sent one message here
    assert (await throttle.admit(room, other, OFF)).remaining == 1


async def test_an_unchecked_send_records_its_text_without_being_checked(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    checked = replace(OFF, unique_key="digest", unique_seconds=20)
    unchecked = replace(checked, unique_check=False)
    assert (await throttle.admit(room, sender, unchecked)).verdict is Verdict.ADMITTED
    assert (await throttle.admit(room, sender, unchecked)).verdict is Verdict.ADMITTED
    assert (await throttle.admit(room, uuid.uuid4(), checked)).verdict is Verdict.DUPLICATE
    assert (await throttle.peek(room, uuid.uuid4(), unchecked)).verdict is Verdict.ADMITTED


async def test_the_checks_come_in_order_slow_then_duplicate_then_rate(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    every = replace(OFF, slow_seconds=30, unique_key="d", unique_seconds=20, limit=1)
    assert (await throttle.admit(room, sender, every)).verdict is Verdict.ADMITTED
    assert (await throttle.admit(room, sender, every)).verdict is Verdict.SLOW
    no_slow = replace(every, slow_seconds=0)
    assert (await throttle.admit(room, sender, no_slow)).verdict is Verdict.DUPLICATE
    assert (await throttle.admit(room, sender, replace(no_slow, unique_key="e"))).verdict is (
        Verdict.RATE
    )


async def test_peeking_records_nothing(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    every = replace(OFF, slow_seconds=30, unique_key="d", unique_seconds=20)
    for _ in range(5):
        assert await throttle.peek(room, sender, every) == Decision(Verdict.ADMITTED, 0, 0)
    assert await throttle.admit(room, sender, every) == Decision(Verdict.ADMITTED, 0, 2)


async def test_slow_mode_and_the_window_run_out(store: Store) -> None:
    throttle = throttle_of(store)
    room, sender = ids()
    short = replace(
        OFF, slow_seconds=1, unique_key="d", unique_seconds=1, limit=1, window_seconds=1
    )
    assert (await throttle.admit(room, sender, short)).verdict is Verdict.ADMITTED
    assert (await throttle.admit(room, sender, short)).verdict is Verdict.SLOW
    assert (await throttle.admit(room, sender, replace(short, slow_seconds=0))).verdict is (
        Verdict.DUPLICATE
    )
    no_slow_or_unique = replace(short, slow_seconds=0, unique_key=None)
    assert (await throttle.admit(room, sender, no_slow_or_unique)).verdict is Verdict.RATE
    await store.wait(1.05)
    assert await throttle.admit(room, sender, short) == Decision(Verdict.ADMITTED, 0, 0)

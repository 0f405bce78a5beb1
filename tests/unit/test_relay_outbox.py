from __future__ import annotations

import pytest

from streamz.core.errors import Forbidden
from streamz.core.events.relay_outbox import MAX_BATCH, RelayOutboxRequest
from streamz.core.identity.entities import Principal, PrincipalKind, Role
from streamz.core.shared.events import Event

from .support import ANONYMOUS, SYSTEM, T0, World, fails


async def register_many(world: World, n: int) -> list[Event]:
    for i in range(n):
        await world.register(f"user_{i:03d}")
    return list(world.tables.outbox)


class BrokenPublisher:
    async def publish(self, events: list[Event]) -> None:
        raise ConnectionError("redis is down")


async def test_publishes_in_order_and_marks_published(world: World) -> None:
    events = await register_many(world, 3)

    count = await world.relay_outbox()(RelayOutboxRequest(SYSTEM))

    assert count == 3
    assert world.publisher.events == events
    assert world.tables.published == {e.id for e in events}
    assert world.tables.outbox == events  # rows stay, only marked


async def test_second_run_publishes_nothing(world: World) -> None:
    await register_many(world, 2)
    await world.relay_outbox()(RelayOutboxRequest(SYSTEM))
    before = world.snapshot()

    count = await world.relay_outbox()(RelayOutboxRequest(SYSTEM))

    assert count == 0
    assert len(world.publisher.events) == 2
    assert world.tables == before


async def test_empty_outbox_publishes_nothing(world: World) -> None:
    assert await world.relay_outbox()(RelayOutboxRequest(SYSTEM)) == 0
    assert world.publisher.events == []


async def test_batch_size_is_respected_oldest_first(world: World) -> None:
    events = await register_many(world, 5)

    counts = [await world.relay_outbox()(RelayOutboxRequest(SYSTEM, batch=2)) for _ in range(4)]

    assert counts == [2, 2, 1, 0]
    assert world.publisher.events == events


async def test_events_written_after_a_run_go_in_the_next(world: World) -> None:
    first = await register_many(world, 1)
    await world.relay_outbox()(RelayOutboxRequest(SYSTEM))
    await world.register("late_comer")

    assert await world.relay_outbox()(RelayOutboxRequest(SYSTEM)) == 1
    assert world.publisher.events[:1] == first
    assert world.publisher.events[1].payload["username"] == "late_comer"


@pytest.mark.parametrize(("batch", "expected"), [(0, 1), (-3, 1), (MAX_BATCH + 500, 3)])
async def test_batch_is_clamped(world: World, batch: int, expected: int) -> None:
    await register_many(world, 3)
    assert await world.relay_outbox()(RelayOutboxRequest(SYSTEM, batch=batch)) == expected


async def test_batch_is_capped_at_the_maximum(world: World) -> None:
    r = world.open()
    for i in range(MAX_BATCH + 5):
        await r.outbox.add(Event("test.event", str(i), {"i": i}, T0))
    await r.unit.commit()

    assert await world.relay_outbox()(RelayOutboxRequest(SYSTEM, batch=10**6)) == MAX_BATCH
    assert await world.relay_outbox()(RelayOutboxRequest(SYSTEM, batch=10**6)) == 5
    assert [e.key for e in world.publisher.events] == [str(i) for i in range(MAX_BATCH + 5)]


async def test_nothing_is_marked_when_publishing_fails(world: World) -> None:
    events = await register_many(world, 2)
    before = world.snapshot()

    with pytest.raises(ConnectionError):
        await world.relay_outbox(BrokenPublisher())(RelayOutboxRequest(SYSTEM))

    assert world.tables == before
    assert await world.relay_outbox()(RelayOutboxRequest(SYSTEM)) == 2
    assert world.publisher.events == events


@pytest.mark.parametrize(
    "actor",
    [ANONYMOUS, Principal(PrincipalKind.USER, None, Role.STAFF)],
    ids=["anonymous", "staff"],
)
async def test_only_the_system_may_relay(world: World, actor: Principal) -> None:
    await register_many(world, 1)

    await fails(world, world.relay_outbox()(RelayOutboxRequest(actor)), Forbidden, "forbidden")

    assert world.publisher.events == []


async def test_relay_does_not_erase_writes_committed_meanwhile(world: World) -> None:
    await register_many(world, 1)
    relay = world.relay_outbox()  # its unit copies the tables now

    await world.register("meanwhile")
    await relay(RelayOutboxRequest(SYSTEM))

    assert sorted(a.username for a in world.tables.accounts.values()) == ["meanwhile", "user_000"]


async def test_hands_each_batch_to_the_consumers(world: World) -> None:
    events = await register_many(world, 3)

    await world.relay_outbox()(RelayOutboxRequest(SYSTEM))

    assert world.consumers.batches == [events]


def test_consumers_get_only_their_topics_in_order_and_events_survive_the_wire() -> None:
    from streamz.core.events.consumers import Consumer, batches, from_wire, to_wire

    a = Event("a.happened", "k1", {"n": 1, "tags": ["x"]}, T0)
    b = Event("b.happened", "k2", {"n": 2}, T0)
    c = Event("a.happened", "k3", {"n": 3}, T0)
    wants_a = Consumer("job_a", frozenset({"a.happened"}))
    wants_none = Consumer("job_z", frozenset({"z.happened"}))

    assert batches([wants_a, wants_none], [a, b, c]) == [(wants_a, [a, c])]
    assert [from_wire(to_wire(e)) for e in (a, b, c)] == [a, b, c]

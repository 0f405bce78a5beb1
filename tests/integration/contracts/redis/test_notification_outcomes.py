"""The unrecorded outcomes' contract (final provider answers kept until the database takes
them), on the memory adapter and on Redis."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from streamz.adapters.memory.notifications import MemoryUnrecordedOutcomes
from streamz.adapters.redis.notification_outcomes import RedisUnrecordedOutcomes
from streamz.core.notifications.entities import DeliveryUpdate, Status
from streamz.ports.notifications import UnrecordedOutcomes

from .conftest import Store


def outcomes_of(store: Store) -> UnrecordedOutcomes:
    outcomes: UnrecordedOutcomes = store.pick(
        memory=lambda _: MemoryUnrecordedOutcomes(), redis=RedisUnrecordedOutcomes
    )
    return outcomes


async def test_final_answers_are_kept_and_recalled_in_the_order_asked(store: Store) -> None:
    outcomes = outcomes_of(store)
    sent = DeliveryUpdate(uuid.uuid4(), Status.SENT, "projects/p/messages/1")
    pruned = DeliveryUpdate(uuid.uuid4(), Status.PRUNED, None, "UNREGISTERED")
    failed = DeliveryUpdate(uuid.uuid4(), Status.FAILED, None, "INVALID_ARGUMENT: bad ✗")
    await outcomes.keep([sent, pruned, failed])
    unknown = uuid.uuid4()
    assert await outcomes.recall([failed.id, unknown, sent.id, pruned.id]) == [
        failed,
        sent,
        pruned,
    ]
    assert await outcomes.recall([]) == []
    assert await outcomes.recall([unknown]) == []


async def test_answers_to_retry_are_not_kept(store: Store) -> None:
    outcomes = outcomes_of(store)
    later = datetime(2030, 1, 1, tzinfo=UTC)
    undecided = [
        DeliveryUpdate(uuid.uuid4(), Status.PENDING, None, "UNAVAILABLE", later),
        DeliveryUpdate(uuid.uuid4(), Status.DEAD, None, "too many tries"),
        DeliveryUpdate(uuid.uuid4(), Status.SENDING),
        DeliveryUpdate(uuid.uuid4(), Status.COLLAPSED),
    ]
    await outcomes.keep(undecided)
    await outcomes.keep([])
    assert await outcomes.recall([u.id for u in undecided]) == []


async def test_what_is_kept_is_the_providers_answer(store: Store) -> None:
    outcomes = outcomes_of(store)
    delivery = uuid.uuid4()
    at = datetime(2030, 1, 1, tzinfo=UTC)
    await outcomes.keep([DeliveryUpdate(delivery, Status.SENT, "m-1", None, at, attempted=False)])
    # status, provider id and error; the rest is the bookkeeping of one attempt
    assert await outcomes.recall([delivery]) == [DeliveryUpdate(delivery, Status.SENT, "m-1")]
    # a later answer replaces it
    await outcomes.keep([DeliveryUpdate(delivery, Status.PRUNED, None, "UNREGISTERED")])
    assert await outcomes.recall([delivery]) == [
        DeliveryUpdate(delivery, Status.PRUNED, None, "UNREGISTERED")
    ]


async def test_forgotten_outcomes_are_not_recalled(store: Store) -> None:
    outcomes = outcomes_of(store)
    first = DeliveryUpdate(uuid.uuid4(), Status.SENT, "m-1")
    second = DeliveryUpdate(uuid.uuid4(), Status.FAILED, None, "bad token")
    await outcomes.keep([first, second])
    await outcomes.forget([first.id, uuid.uuid4()])
    await outcomes.forget([])
    assert await outcomes.recall([first.id, second.id]) == [second]

"""The unit of work: events reach the outbox with the change, handlers run after the commit."""

from __future__ import annotations

import uuid
from typing import ClassVar

import pytest

from streamz.adapters.memory.database import MemoryDatabase, MemoryUnit
from streamz.adapters.memory.repositories import MemoryOutbox
from streamz.core.chat.chat_identity.forget_changed import ForgetChangedIdentities
from streamz.core.shared.events import Event
from streamz.core.shared.unit_of_work import OutboxUnitOfWork
from tests.unit.support import T0


class Seen:
    topics: ClassVar[frozenset[str]] = frozenset({"a.happened"})

    def __init__(self, database: MemoryDatabase, fail: bool = False) -> None:
        self.database = database
        self.fail = fail
        self.calls: list[tuple[str, int]] = []  # (topic, outbox size when called)

    async def __call__(self, event: Event) -> None:
        self.calls.append((event.topic, len(self.database.tables.outbox)))
        if self.fail:
            raise RuntimeError("handler broke")


def _event(topic: str, **payload: str) -> Event:
    return Event(topic, "k", dict(payload), T0)


def _uow(database: MemoryDatabase, *handlers: Seen) -> OutboxUnitOfWork:
    unit = MemoryUnit(database)
    return OutboxUnitOfWork(unit, MemoryOutbox(unit), handlers)


async def test_events_reach_the_outbox_only_with_the_commit_then_the_handlers_see_them() -> None:
    database = MemoryDatabase()
    seen = Seen(database)
    uow = _uow(database, seen)
    uow.record(_event("a.happened"))
    uow.record(_event("b.happened"))
    assert database.tables.outbox == []
    assert seen.calls == []
    await uow.commit()
    assert [e.topic for e in database.tables.outbox] == ["a.happened", "b.happened"]
    assert seen.calls == [("a.happened", 2)]  # only its topic, after both were committed
    await uow.commit()  # nothing recorded since: nothing written twice, no handler call
    assert len(database.tables.outbox) == 2
    assert len(seen.calls) == 1


async def test_rollback_drops_the_recorded_events() -> None:
    database = MemoryDatabase()
    seen = Seen(database)
    uow = _uow(database, seen)
    uow.record(_event("a.happened"))
    await uow.rollback()
    await uow.commit()
    assert database.tables.outbox == []
    assert seen.calls == []


async def test_a_failed_commit_runs_no_handler_and_keeps_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = MemoryDatabase()
    seen = Seen(database)
    uow = _uow(database, seen)

    async def broken() -> None:
        raise RuntimeError("commit failed")

    monkeypatch.setattr(uow.tx, "commit", broken)
    uow.record(_event("a.happened"))
    with pytest.raises(RuntimeError, match="commit failed"):
        await uow.commit()
    assert database.tables.outbox == []
    assert seen.calls == []


async def test_a_failing_handler_does_not_stop_the_others_and_is_raised() -> None:
    database = MemoryDatabase()
    first, second = Seen(database, fail=True), Seen(database)
    uow = _uow(database, first, second)
    uow.record(_event("a.happened"))
    with pytest.raises(RuntimeError, match="handler broke"):
        await uow.commit()
    assert len(database.tables.outbox) == 1  # the change is committed regardless
    assert first.calls == second.calls == [("a.happened", 1)]


class Cache:
    def __init__(self) -> None:
        self.forgotten: list[tuple[str, ...]] = []

    async def forget(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        self.forgotten.append(("member", str(channel_id), str(account_id)))

    async def forget_channel(self, channel_id: uuid.UUID) -> None:
        self.forgotten.append(("channel", str(channel_id)))

    async def forget_account(self, account_id: uuid.UUID) -> None:
        self.forgotten.append(("account", str(account_id)))


@pytest.mark.parametrize(
    "topic",
    ["channel.role_granted", "channel.role_revoked", "channel.subscribed",
     "channel.subscription_ended"],
)  # fmt: skip
async def test_member_changes_forget_the_account_in_the_channel(topic: str) -> None:
    cache = Cache()
    channel, account = str(uuid.uuid4()), str(uuid.uuid4())
    await ForgetChangedIdentities(cache)(_event(topic, channel_id=channel, account_id=account))  # type: ignore[arg-type]
    assert cache.forgotten == [("member", channel, account)]


async def test_badge_and_staff_changes_forget_the_channel_or_the_account() -> None:
    cache = Cache()
    channel, account = str(uuid.uuid4()), str(uuid.uuid4())
    handler = ForgetChangedIdentities(cache)  # type: ignore[arg-type]
    await handler(_event("channel.badges_updated", channel_id=channel))
    await handler(_event("account.role_changed", account_id=account))
    assert cache.forgotten == [("channel", channel), ("account", account)]
    assert "channel.followed" not in ForgetChangedIdentities.topics

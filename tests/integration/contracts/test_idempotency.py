"""IdempotencyStore contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.idempotency import MemoryIdempotencyStore
from streamz.adapters.memory.repositories import MemoryAccounts
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.idempotency import PostgresIdempotencyStore
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.idempotency import IdempotencyRecord, IdempotencyStore
from streamz.ports.identity import AccountRepository
from tests.integration.contracts.conftest import T0, Backend

DAY = timedelta(days=1)
CALLER = new_id()


@dataclass
class Ports:
    unit: Any
    store: IdempotencyStore
    accounts: AccountRepository  # the request's work: a row written in the same unit


def memory_ports(unit: Any) -> Ports:
    return Ports(unit, MemoryIdempotencyStore(unit), MemoryAccounts(unit))


def postgres_ports(unit: Any) -> Ports:
    return Ports(unit, PostgresIdempotencyStore(unit), PostgresAccounts(unit))


def record(name: str = "r1", at: datetime = T0, **changes: Any) -> IdempotencyRecord:
    return replace(IdempotencyRecord(name, CALLER, "fp-1", at, at + DAY), **changes)


def work(name: str) -> Account:
    return Account(new_id(), f"id-{name}", name, f"{name}@x.test", Role.USER, T0, T0)


async def test_a_reserved_record_is_stored_with_the_work_and_lives_until_it_expires(
    backend: Backend,
) -> None:
    reserved = record(status=200, answer=b"ignored: reserve stores no answer")
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(reserved)
        await p.accounts.add(work("done"))
        assert await p.store.get("r1", T0) is None  # stored by the commit
        await p.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("r1", T0) == record()  # no status, no answer
        assert await p.store.get("r1", T0 + DAY - timedelta(seconds=1)) == record()
        assert await p.store.get("r1", T0 + DAY) is None
        assert await p.store.get("r2", T0) is None
        assert await p.accounts.by_username("done") is not None


async def test_nothing_is_reserved_by_a_unit_that_writes_nothing_or_rolls_back(
    backend: Backend,
) -> None:
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(record("empty"))
        await p.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(record("undone"))
        await p.accounts.add(work("undone"))
        await p.unit.rollback()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("empty", T0) is None
        assert await p.store.get("undone", T0) is None
        assert await p.accounts.by_username("undone") is None


async def test_a_live_record_committed_meanwhile_fails_the_commit_and_its_work(
    backend: Backend,
) -> None:
    async with (
        backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, late),
        backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, first),
    ):
        await late.store.reserve(record(fingerprint="fp-late"))
        await late.accounts.add(work("late"))
        await first.store.reserve(record())
        await first.accounts.add(work("first"))
        await first.unit.commit()
        with pytest.raises(IdempotencyKeyInProgress):
            await late.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("r1", T0) == record()
        assert await p.accounts.by_username("first") is not None
        assert await p.accounts.by_username("late") is None


async def test_an_expired_record_is_reserved_over(backend: Backend) -> None:
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(record())
        await p.accounts.add(work("old"))
        await p.unit.commit()
    again = record(at=T0 + DAY, fingerprint="fp-2")
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(again)
        await p.accounts.add(work("new"))
        await p.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("r1", T0 + DAY) == again


async def test_complete_fills_the_reserved_record_once(backend: Backend) -> None:
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(record())
        await p.accounts.add(work("done"))
        await p.unit.commit()
    answered = record(status=201, answer=b'{"id": 1}')
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.complete(answered)
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.complete(record(status=500, answer=b"second"))  # answered: left alone
        await p.store.complete(record("r2", status=200, answer=b"new"))  # none: created
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("r1", T0) == answered
        assert await p.store.get("r2", T0) == record("r2", status=200, answer=b"new")


async def test_complete_leaves_another_requests_record_unless_it_expired(
    backend: Backend,
) -> None:
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.reserve(record())
        await p.accounts.add(work("done"))
        await p.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.complete(record(fingerprint="fp-other", status=200, answer=b"x"))
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("r1", T0) == record()
    replacing = record(at=T0 + DAY, fingerprint="fp-other", status=200, answer=b"y")
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.store.complete(replacing)
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.get("r1", T0 + DAY) == replacing


async def test_complete_ends_the_unit_and_what_it_left_uncommitted(backend: Backend) -> None:
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        await p.accounts.add(work("failed"))  # a use case that failed half-way
        await p.store.complete(record(status=422, answer=b"problem"))
        await p.unit.commit()  # nothing left to commit: the unit was ended
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.accounts.by_username("failed") is None
        assert await p.store.get("r1", T0) == record(status=422, answer=b"problem")


async def test_sweep_deletes_the_earliest_expired_records_first(backend: Backend) -> None:
    hours = [5, 1, 30, 3, 2]  # expiry, hours after T0 + DAY; 30: still live at the sweep
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        for h in hours:
            at = T0 + timedelta(hours=h)
            await p.store.complete(record(f"r{h}", at=at, status=200, answer=b"ok"))
    now = T0 + DAY + timedelta(hours=4)
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert await p.store.sweep(now, 2) == 2  # r1, r2
        await p.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert [h for h in hours if await p.store.get(f"r{h}", T0)] == [5, 30, 3]
        assert await p.store.sweep(now, 10) == 1  # r3
        assert await p.store.sweep(now, 10) == 0
        await p.unit.commit()
    async with backend.opened(memory=memory_ports, postgres=postgres_ports) as (_, p):
        assert [h for h in hours if await p.store.get(f"r{h}", T0)] == [5, 30]

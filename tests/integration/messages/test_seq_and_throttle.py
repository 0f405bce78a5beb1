"""The two concurrency promises: per-room seqs with no gap and no duplicate, and a chat rate
limit that never admits more than its limit in any window, across processes (real Redis)."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import replace

import asyncpg
from redis.asyncio import Redis

from streamz.adapters.postgres.messages import PostgresMessages
from streamz.adapters.postgres.unit import PostgresUnit, create_pool
from streamz.adapters.redis.chat_throttle import RedisChatThrottle
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.library import Streamz
from streamz.ports.chat_throttle import Throttle, Verdict
from streamz.settings import Settings
from tests.integration.conftest import dsn
from tests.integration.messages.helpers import SYSTEM


def _throttle(limit: int, window: int) -> Throttle:
    return Throttle(
        slow_seconds=0,
        unique_key=None,
        unique_seconds=0,
        unique_check=False,
        limit=limit,
        window_seconds=window,
    )


async def test_concurrent_sends_get_seqs_without_gap_or_duplicate(
    settings: Settings, db: asyncpg.Connection
) -> None:
    async with Streamz.from_settings(settings) as lib:
        for name in ("owner", *(f"fan{n}" for n in range(10))):
            await lib.call(
                RegisterAccount,
                RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@example.com"),
            )

        async def send(n: int) -> int:
            request = SendMessageRequest(SYSTEM, "owner", f"m {n}", author=f"fan{n % 10}")
            if n % 7 == 0:  # a send that takes a seq, then rolls back
                await taken_then_rolled_back(n)
                return 0
            return (await lib.call(SendMessage, request)).seq

        async def taken_then_rolled_back(n: int) -> None:
            unit = PostgresUnit(pool)
            try:
                await PostgresMessages(unit).append(replace(sample, id=uuid.uuid4()))
                await asyncio.sleep(0.005)
            finally:
                await unit.close()  # no commit: rolled back

        sample = await lib.call(
            SendMessage, SendMessageRequest(SYSTEM, "owner", "first", author="fan1")
        )
        pool = await create_pool(dsn(settings), 4)
        try:
            seqs = [sample.seq, *await asyncio.gather(*(send(n) for n in range(120)))]
        finally:
            await pool.close()
    stored = [r["seq"] for r in await db.fetch("SELECT seq FROM chat_messages ORDER BY seq")]
    accepted = sorted(s for s in seqs if s)
    assert stored == accepted == list(range(1, len(accepted) + 1))
    assert len(accepted) == 121 - len(range(0, 120, 7))


async def test_the_sliding_window_never_admits_more_than_the_limit(
    settings: Settings, db: asyncpg.Connection
) -> None:
    assert settings.redis.url is not None
    room, sender = uuid.uuid4(), uuid.uuid4()
    clients = [Redis.from_url(settings.redis.url) for _ in range(2)]  # two "processes"
    throttles = [RedisChatThrottle(c) for c in clients]
    try:
        limit, window = 5, 2
        # a concurrent burst from both processes: exactly the limit passes
        burst = await asyncio.gather(
            *(throttles[n % 2].admit(room, sender, _throttle(limit, window)) for n in range(40))
        )
        admitted = [d for d in burst if d.verdict is Verdict.ADMITTED]
        assert len(admitted) == limit
        refused = [d for d in burst if d.verdict is Verdict.RATE]
        assert all(0 < d.retry_after_ms <= window * 1000 for d in refused)
        # then a steady stream for 3 windows: every moment, admissions in the last window <= limit
        # (sent, answered) around each admission: Redis admitted it somewhere in between
        times: list[tuple[float, float]] = []
        end = time.monotonic() + 3 * window
        while time.monotonic() < end:
            sent = time.monotonic()
            decision = await throttles[len(times) % 2].admit(room, sender, _throttle(limit, window))
            if decision.verdict is Verdict.ADMITTED:
                times.append((sent, time.monotonic()))
            await asyncio.sleep(0.01)
        for n in range(len(times) - limit):
            # the (n + limit)th admission comes at least a full window after the nth
            assert times[n + limit][1] - times[n][0] >= window, (n, times)
        # the window slides: over 3 windows it admitted again as old admissions aged out
        assert len(times) >= 2 * limit
    finally:
        for client in clients:
            await client.aclose()

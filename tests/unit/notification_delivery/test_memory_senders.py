"""The recording senders the pipeline's unit tests use."""

from __future__ import annotations

import pytest

from streamz.adapters.memory.notification_delivery import MemoryEmailSender, MemoryPushSender
from streamz.container import make_memory_container
from streamz.ports.notification_delivery import (
    MAX_PUSH_BATCH,
    CircuitBreaker,
    EmailMessage,
    EmailSender,
    ProviderRateLimit,
    PushMessage,
    PushSender,
    SendOutcome,
    SendResult,
)


def push(token: str) -> PushMessage:
    return PushMessage(token=token, title="Live", body="alice is live", collapse_key="live:1")


def mail(to: str) -> EmailMessage:
    return EmailMessage(to=to, subject="Hi", text="hello", html="<p>hello</p>")


async def test_push_answers_sent_with_an_id_and_records() -> None:
    sender = MemoryPushSender()
    results = await sender.send([push("a"), push("b")])
    assert [r.outcome for r in results] == [SendOutcome.SENT, SendOutcome.SENT]
    assert all(r.provider_id for r in results)
    assert results[0].provider_id != results[1].provider_id
    assert [m.token for m in sender.sent] == ["a", "b"]
    assert sender.batches == [2]


async def test_push_per_token_script_forever_or_n_times() -> None:
    sender = MemoryPushSender()
    sender.answer("dead", SendOutcome.INVALID_TOKEN)
    sender.answer("busy", SendOutcome.RETRY, times=1)
    first = await sender.send([push("dead"), push("busy"), push("ok")])
    second = await sender.send([push("dead"), push("busy")])
    assert [r.outcome for r in first] == [
        SendOutcome.INVALID_TOKEN,
        SendOutcome.RETRY,
        SendOutcome.SENT,
    ]
    assert [r.outcome for r in second] == [SendOutcome.INVALID_TOKEN, SendOutcome.SENT]
    assert [m.token for m in sender.sent] == ["ok", "busy"]
    assert len(sender.attempts) == 5
    assert sender.sent_to("busy") == [push("busy")]


async def test_push_next_answers_and_answer_all() -> None:
    sender = MemoryPushSender()
    retry = SendResult(SendOutcome.RETRY, error="429", retry_after=2.0)
    sender.answer_next(retry, SendOutcome.FAILED)
    results = await sender.send([push("a"), push("b"), push("c")])
    assert results[0] == retry
    assert [r.outcome for r in results[1:]] == [SendOutcome.FAILED, SendOutcome.SENT]
    sender.answer_all(SendOutcome.RETRY)
    assert [r.outcome for r in await sender.send([push("d")])] == [SendOutcome.RETRY]
    sender.reset()
    assert sender.sent == []
    assert sender.attempts == []
    assert [r.outcome for r in await sender.send([push("d")])] == [SendOutcome.SENT]


async def test_push_refuses_more_than_a_batch() -> None:
    sender = MemoryPushSender()
    with pytest.raises(ValueError, match="at most"):
        await sender.send([push(str(i)) for i in range(MAX_PUSH_BATCH + 1)])
    assert sender.attempts == []


async def test_email_scripts_per_address_case_insensitive() -> None:
    sender = MemoryEmailSender()
    sender.answer("Bob@Example.com", SendOutcome.RETRY, times=2)
    outcomes = [(await sender.send(mail("bob@example.com"))).outcome for _ in range(3)]
    assert outcomes == [SendOutcome.RETRY, SendOutcome.RETRY, SendOutcome.SENT]
    assert len(sender.sent_to("BOB@example.com")) == 1
    assert len(sender.attempts) == 3


async def test_memory_container_binds_the_ports_to_one_instance() -> None:
    container = make_memory_container()
    try:
        push_sender = await container.get(PushSender)
        assert push_sender is await container.get(MemoryPushSender)
        assert await container.get(EmailSender) is await container.get(MemoryEmailSender)
        limit = await container.get(ProviderRateLimit)
        assert await limit.acquire("fcm", 500) == 0.0  # no rate configured in memory
        assert await (await container.get(CircuitBreaker)).allow("fcm") is True
    finally:
        await container.close()

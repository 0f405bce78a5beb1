"""The FCM adapter (firebase-admin) against the fake FCM server over HTTP."""

from __future__ import annotations

import time

from streamz.adapters.fcm.push import FcmPushSender
from streamz.ports.notification_delivery import MAX_PUSH_BATCH, PushMessage, SendOutcome
from streamz_dev.localservices._process import free_port
from tests.fakes.fcm import FakeFcmServer


def push(token: str, **extra: object) -> PushMessage:
    return PushMessage(token=token, title="alice is live", body="Playing chess", **extra)  # type: ignore[arg-type]


async def test_sends_and_answers_the_message_name(
    fcm: FakeFcmServer, push_sender: FcmPushSender
) -> None:
    [result] = await push_sender.send([push("tok-1", data={"channel": "alice"})])
    assert result.outcome is SendOutcome.SENT
    assert result.provider_id is not None
    assert result.provider_id.startswith(f"projects/{fcm.project}/messages/")
    [message] = fcm.messages("tok-1")
    assert message["token"] == "tok-1"
    assert message["notification"] == {"title": "alice is live", "body": "Playing chess"}
    assert message["data"] == {"channel": "alice"}


async def test_collapse_key_and_ttl_reach_android_and_apns(
    fcm: FakeFcmServer, push_sender: FcmPushSender
) -> None:
    before = int(time.time())
    await push_sender.send([push("tok-2", collapse_key="live:alice", ttl_seconds=600)])
    [message] = fcm.messages("tok-2")
    assert message["android"] == {"collapse_key": "live:alice", "ttl": "600s"}
    headers = message["apns"]["headers"]
    assert headers["apns-collapse-id"] == "live:alice"
    assert before + 600 <= int(headers["apns-expiration"]) <= int(time.time()) + 600
    await push_sender.send([push("tok-3")])
    [plain] = fcm.messages("tok-3")
    assert "android" not in plain
    assert "apns" not in plain


async def test_dead_tokens_are_invalid_token(
    fcm: FakeFcmServer, push_sender: FcmPushSender
) -> None:
    fcm.unregistered("gone")
    fcm.invalid("garbage")
    fcm.sender_mismatch("other-project")
    results = await push_sender.send(
        [push("gone"), push("ok"), push("garbage"), push("other-project")]
    )
    assert [r.outcome for r in results] == [
        SendOutcome.INVALID_TOKEN,
        SendOutcome.SENT,
        SendOutcome.INVALID_TOKEN,
        SendOutcome.INVALID_TOKEN,
    ]
    assert results[0].error is not None
    assert "Unregistered" in results[0].error
    assert [m["token"] for m in fcm.messages()] == ["ok"]


async def test_throttling_and_server_errors_are_retried(
    fcm: FakeFcmServer, push_sender: FcmPushSender
) -> None:
    fcm.fail_next(429, count=1, retry_after=7)
    fcm.fail_next(503, count=1)
    fcm.fail_next(500, count=1)
    outcomes = [(await push_sender.send([push(f"t{i}")]))[0] for i in range(4)]
    assert [r.outcome for r in outcomes] == [
        SendOutcome.RETRY,
        SendOutcome.RETRY,
        SendOutcome.RETRY,
        SendOutcome.SENT,
    ]
    assert outcomes[0].retry_after == 7.0
    assert outcomes[1].retry_after is None
    assert fcm.stats()["requests"] == 4  # no hidden retries inside the adapter


async def test_bad_request_not_about_the_token_is_failed(
    fcm: FakeFcmServer, push_sender: FcmPushSender
) -> None:
    fcm.fail_next(400)
    [result] = await push_sender.send([push("t")])
    assert result.outcome is SendOutcome.FAILED
    assert fcm.messages() == []


async def test_malformed_message_fails_alone() -> None:
    # an empty token is refused by firebase-admin before any request
    with FakeFcmServer() as fcm:
        sender = FcmPushSender(project_id=fcm.project, url=fcm.url)
        try:
            results = await sender.send([push("a"), push(""), push("b")])
        finally:
            await sender.aclose()
        assert [r.outcome for r in results] == [
            SendOutcome.SENT,
            SendOutcome.FAILED,
            SendOutcome.SENT,
        ]
        assert sorted(m["token"] for m in fcm.messages()) == ["a", "b"]


async def test_a_full_batch_of_500(fcm: FakeFcmServer, push_sender: FcmPushSender) -> None:
    fcm.unregistered("t-250")
    batch = [push(f"t-{i}", collapse_key="live:x") for i in range(MAX_PUSH_BATCH)]
    results = await push_sender.send(batch)
    assert len(results) == MAX_PUSH_BATCH
    assert results[250].outcome is SendOutcome.INVALID_TOKEN
    sent = [r for r in results if r.outcome is SendOutcome.SENT]
    assert len(sent) == MAX_PUSH_BATCH - 1
    assert len({r.provider_id for r in sent}) == MAX_PUSH_BATCH - 1
    assert fcm.stats()["messages"] == MAX_PUSH_BATCH - 1
    assert len(fcm.messages("t-499")) == 1


async def test_unreachable_fcm_is_retried() -> None:
    sender = FcmPushSender(project_id="p", url=f"http://127.0.0.1:{free_port()}", timeout=2.0)
    try:
        results = await sender.send([push("a"), push("b")])
    finally:
        await sender.aclose()
    assert [r.outcome for r in results] == [SendOutcome.RETRY, SendOutcome.RETRY]

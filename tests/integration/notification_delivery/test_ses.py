"""The SES adapter (aioboto3 SESv2) against a local SES (moto) and a throttling server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import structlog

from streamz.adapters.ses.email import SesEmailSender, open_ses_sender
from streamz.adapters.ses.log import LogEmailSender
from streamz.ports.notification_delivery import EmailMessage, SendOutcome
from streamz_dev.localservices._process import free_port
from tests.fakes.ses import FakeSes

UNSUBSCRIBE = "<https://streamz.test/public/v1/unsubscribe?t=abc>"


def mail(to: str = "bob@example.com") -> EmailMessage:
    return EmailMessage(
        to=to,
        subject="alice is live",
        text="alice went live: https://streamz.test/alice",
        html='<p>alice went live: <a href="https://streamz.test/alice">watch</a></p>',
        headers={
            "List-Unsubscribe": UNSUBSCRIBE,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        tags={"kind": "live"},
    )


async def test_mail_arrives_with_one_click_unsubscribe(
    ses: FakeSes, email_sender: SesEmailSender
) -> None:
    result = await email_sender.send(mail())
    assert result.outcome is SendOutcome.SENT
    assert result.provider_id
    [sent] = ses.sent("bob@example.com")
    assert sent.id == result.provider_id
    assert sent.message["List-Unsubscribe"] == UNSUBSCRIBE
    assert sent.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.message["Subject"] == "alice is live"
    assert sent.message["From"] == f"Streamz <{ses.sender}>"
    assert "https://streamz.test/alice" in sent.text
    assert '<a href="https://streamz.test/alice">' in sent.html


async def test_configuration_set_and_tags_are_on_the_request(ses: FakeSes) -> None:
    seen: list[dict[str, Any]] = []
    async with open_ses_sender(
        region=ses.region,
        endpoint_url=ses.url,
        from_address=ses.sender,
        configuration_set="streamz-transactional",
    ) as sender:
        client = sender._client
        client.meta.events.register(
            "before-call.sesv2.SendEmail", lambda params, **_: seen.append(params["body"])
        )
        assert (await sender.send(mail())).outcome is SendOutcome.SENT
    body = seen[0] if isinstance(seen[0], dict) else json.loads(seen[0])
    assert body["ConfigurationSetName"] == "streamz-transactional"
    assert body["EmailTags"] == [{"Name": "kind", "Value": "live"}]


async def test_unverified_sender_is_failed(ses: FakeSes) -> None:
    async with open_ses_sender(
        region=ses.region,
        endpoint_url=ses.url,
        from_address="someone@unverified.test",
        configuration_set=None,
    ) as sender:
        result = await sender.send(mail())
    assert result.outcome is SendOutcome.FAILED
    assert result.error is not None
    assert "MessageRejected" in result.error
    assert ses.sent() == []


async def test_header_injection_is_failed_without_a_request(
    ses: FakeSes, email_sender: SesEmailSender
) -> None:
    bad = EmailMessage(to="bob@example.com", subject="a\r\nBcc: x@y.z", text="t", html="h")
    result = await email_sender.send(bad)
    assert result.outcome is SendOutcome.FAILED
    assert ses.sent() == []


class _Throttling(BaseHTTPRequestHandler):
    status = 429
    code = "TooManyRequestsException"
    retry_after: str | None = "3"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"message": "Too many requests."}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-ErrorType", f"{self.code}:http://internal.amazon.com/")
        if self.retry_after:
            self.send_header("Retry-After", self.retry_after)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def throttling() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Throttling)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_throttling_is_retry_with_retry_after(ses: FakeSes, throttling: str) -> None:
    async with open_ses_sender(
        region=ses.region, endpoint_url=throttling, from_address=ses.sender, configuration_set=None
    ) as sender:
        result = await sender.send(mail())
    assert result.outcome is SendOutcome.RETRY
    assert result.retry_after == 3.0
    assert result.error is not None
    assert result.error.startswith("TooManyRequestsException")


async def test_unreachable_ses_is_retry(ses: FakeSes) -> None:
    async with open_ses_sender(
        region=ses.region,
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        from_address=ses.sender,
        configuration_set=None,
        timeout_seconds=2.0,
    ) as sender:
        result = await sender.send(mail())
    assert result.outcome is SendOutcome.RETRY


async def test_log_sender_logs_without_sending() -> None:
    with structlog.testing.capture_logs() as logs:
        result = await LogEmailSender().send(mail())
    assert result.outcome is SendOutcome.SENT
    assert result.provider_id == "log-1"
    [entry] = logs
    assert entry["to"] == "bob@example.com"
    assert entry["subject"] == "alice is live"
    assert entry["unsubscribe"] is True

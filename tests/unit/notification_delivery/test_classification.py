"""How provider answers become outcomes (no network: the errors are built by hand)."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import httpx
from botocore.exceptions import ClientError
from firebase_admin import exceptions as fb_exceptions  # type: ignore[import-untyped]
from firebase_admin import messaging

from streamz.adapters.fcm.push import classify, to_fcm
from streamz.adapters.ses.email import classify_client_error, to_mime
from streamz.ports.notification_delivery import EmailMessage, PushMessage, SendOutcome


def _response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("POST", "http://x"))


def test_fcm_dead_tokens() -> None:
    for error in (
        messaging.UnregisteredError("gone", http_response=_response(404)),
        messaging.SenderIdMismatchError("other", http_response=_response(403)),
        fb_exceptions.InvalidArgumentError(
            "The registration token is not a valid FCM registration token", cause=None
        ),
    ):
        assert classify(error).outcome is SendOutcome.INVALID_TOKEN


def test_fcm_retryable_with_retry_after() -> None:
    quota = messaging.QuotaExceededError(
        "slow down", http_response=_response(429, {"Retry-After": "12"})
    )
    assert classify(quota).outcome is SendOutcome.RETRY
    assert classify(quota).retry_after == 12.0
    for error in (
        fb_exceptions.UnavailableError("down", cause=None, http_response=_response(503)),
        fb_exceptions.InternalError("oops", cause=None, http_response=_response(500)),
        fb_exceptions.DeadlineExceededError("slow", cause=httpx.ReadTimeout("t")),
        fb_exceptions.UnknownError("x", cause=httpx.RemoteProtocolError("closed")),
    ):
        result = classify(error)
        assert result.outcome is SendOutcome.RETRY
        assert result.retry_after is None


def test_fcm_permanent() -> None:
    for error in (
        fb_exceptions.InvalidArgumentError("Request contains an invalid argument.", cause=None),
        fb_exceptions.PermissionDeniedError("no", cause=None),
        messaging.ThirdPartyAuthError("apns cert", http_response=_response(401)),
        fb_exceptions.UnknownError("weird", cause=ValueError("x")),
    ):
        result = classify(error)
        assert result.outcome is SendOutcome.FAILED
        assert result.error


def test_fcm_message_shape() -> None:
    encoded = messaging._MessagingService.encode_message(
        to_fcm(
            PushMessage(
                token="t",
                title="a",
                body="b",
                data={"k": "v"},
                collapse_key="live:1",
                ttl_seconds=0,
            )
        )
    )
    assert encoded["token"] == "t"
    assert encoded["android"] == {"collapse_key": "live:1", "ttl": "0s"}
    assert encoded["apns"]["headers"] == {"apns-collapse-id": "live:1", "apns-expiration": "0"}
    plain = to_fcm(PushMessage(token="t", title="a", body="b"))
    assert plain.android is None
    assert plain.apns is None
    assert plain.data is None
    assert to_fcm(PushMessage(token="t", title="a", body="b", ttl_seconds=60)).android.ttl == (
        timedelta(seconds=60)
    )


def _client_error(code: str, status: int, headers: dict[str, str] | None = None) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": "m"},
            "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": headers or {}},
        },
        "SendEmail",
    )


def test_ses_classification() -> None:
    throttled = classify_client_error(
        _client_error("TooManyRequestsException", 429, {"retry-after": "2"})
    )
    assert throttled.outcome is SendOutcome.RETRY
    assert throttled.retry_after == 2.0
    for code, status in (
        ("Throttling", 400),
        ("SendingPausedException", 400),
        ("InternalFailure", 500),
        ("Whatever", 503),
    ):
        assert classify_client_error(_client_error(code, status)).outcome is SendOutcome.RETRY
    for code in (
        "MessageRejected",
        "MailFromDomainNotVerifiedException",
        "BadRequestException",
        "NotFoundException",
        "AccountSuspendedException",
    ):
        result = classify_client_error(_client_error(code, 400))
        assert result.outcome is SendOutcome.FAILED
        assert result.error is not None
        assert result.error.startswith(code)


def test_mime_carries_headers_and_both_parts() -> None:
    raw = to_mime(
        EmailMessage(
            to="bob@example.com",
            subject="Héllo",
            text="plain ✓",
            html="<p>html ✓</p>",
            headers={
                "List-Unsubscribe": "<https://x/u?t=1>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ),
        "Streamz <no-reply@streamz.test>",
    )
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == "Héllo"
    assert parsed["List-Unsubscribe"] == "<https://x/u?t=1>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("plain",)).get_content().strip() == "plain ✓"  # type: ignore[union-attr]
    assert parsed.get_body(("html",)).get_content().strip() == "<p>html ✓</p>"  # type: ignore[union-attr]

"""Email through Amazon SES v2 (``aioboto3``), as raw MIME so every header reaches the mail.

One client for the process's life (``open_ses_sender`` is an async context: the container keeps
it open at APP scope and closes it on shutdown). botocore's own retries are off: the pipeline
retries with backoff and counts attempts, and a throttled mail must be re-queued, not dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.message import EmailMessage as MimeMessage
from email.policy import SMTP
from email.utils import formatdate
from typing import Any

import aioboto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from streamz.adapters.prometheus.metrics import count_sends
from streamz.ports.notification_delivery import EmailMessage, SendOutcome, SendResult

RETRY_CODES = frozenset(
    {
        "TooManyRequestsException",
        "Throttling",
        "ThrottlingException",
        "SendingPausedException",  # paused for the account or configuration set: later
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "InternalServiceError",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)
_RETRY_TRANSPORT = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
)


def to_mime(message: EmailMessage, from_address: str) -> bytes:
    """multipart/alternative (text, HTML) with the message's headers (List-Unsubscribe...)."""
    mime = MimeMessage(policy=SMTP)
    mime["From"] = from_address
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(usegmt=True)
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    return mime.as_bytes()


def classify_client_error(error: ClientError) -> SendResult:
    response: Any = error.response
    code = str(response.get("Error", {}).get("Code") or "")
    reason = f"{code}: {response.get('Error', {}).get('Message') or error}"[:300]
    meta = response.get("ResponseMetadata", {})
    status = int(meta.get("HTTPStatusCode") or 0)
    if code in RETRY_CODES or status == 429 or status >= 500:
        raw = (meta.get("HTTPHeaders") or {}).get("retry-after")
        try:
            retry_after = float(raw) if raw is not None else None
        except ValueError:
            retry_after = None
        return SendResult(SendOutcome.RETRY, error=reason, retry_after=retry_after)
    # MessageRejected, MailFromDomainNotVerifiedException, BadRequestException (bad address),
    # NotFoundException (configuration set), AccountSuspendedException...: not retried
    return SendResult(SendOutcome.FAILED, error=reason)


class SesEmailSender:
    def __init__(
        self, client: Any, *, from_address: str, configuration_set: str | None = None
    ) -> None:
        self._client = client
        self._from = from_address
        self._configuration_set = configuration_set

    async def send(self, message: EmailMessage) -> SendResult:
        result = await self._send(message)
        count_sends("ses", (result,))
        return result

    async def _send(self, message: EmailMessage) -> SendResult:
        try:
            raw = to_mime(message, self._from)
        except (ValueError, TypeError) as error:  # e.g. a newline in a header
            return SendResult(SendOutcome.FAILED, error=f"invalid message: {error}"[:300])
        request: dict[str, Any] = {
            "FromEmailAddress": self._from,
            "Destination": {"ToAddresses": [message.to]},
            "Content": {"Raw": {"Data": raw}},
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        if message.tags:
            request["EmailTags"] = [{"Name": k, "Value": v} for k, v in message.tags.items()]
        try:
            answer = await self._client.send_email(**request)
        except ClientError as error:
            return classify_client_error(error)
        except (*_RETRY_TRANSPORT, TimeoutError) as error:
            return SendResult(SendOutcome.RETRY, error=f"{type(error).__name__}: {error}"[:300])
        except BotoCoreError as error:
            return SendResult(SendOutcome.FAILED, error=f"{type(error).__name__}: {error}"[:300])
        return SendResult(SendOutcome.SENT, provider_id=str(answer.get("MessageId") or ""))


@asynccontextmanager
async def open_ses_sender(
    *,
    region: str,
    endpoint_url: str | None,
    from_address: str,
    configuration_set: str | None,
    timeout_seconds: float = 10.0,
    max_connections: int = 50,
) -> AsyncIterator[SesEmailSender]:
    """An ``SesEmailSender`` on one SESv2 client, closed on exit."""
    config = Config(
        retries={"max_attempts": 1, "mode": "standard"},  # no hidden retries
        connect_timeout=min(timeout_seconds, 5.0),
        read_timeout=timeout_seconds,
        max_pool_connections=max_connections,
    )
    session = aioboto3.Session()
    async with session.client(
        "sesv2", region_name=region, endpoint_url=endpoint_url, config=config
    ) as client:
        yield SesEmailSender(client, from_address=from_address, configuration_set=configuration_set)

"""The embedded default's email: logged (recipient, subject), never sent. Stands in for SES
when no SES is configured (``STREAMZ_EMAIL_PROVIDER=log``)."""

from __future__ import annotations

import itertools

import structlog

from streamz.adapters.prometheus.metrics import count_sends
from streamz.ports.notification_delivery import EmailMessage, SendOutcome, SendResult

log = structlog.get_logger("streamz.email")


class LogEmailSender:
    def __init__(self) -> None:
        self._ids = itertools.count(1)

    async def send(self, message: EmailMessage) -> SendResult:
        provider_id = f"log-{next(self._ids)}"
        log.info(
            "email (log only, not sent)",
            to=message.to,
            subject=message.subject,
            provider_id=provider_id,
            unsubscribe=("List-Unsubscribe" in message.headers),
        )
        result = SendResult(SendOutcome.SENT, provider_id=provider_id)
        count_sends("log", (result,))
        return result

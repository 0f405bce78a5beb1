"""A local SES (moto's server on a free loopback port) with fake credentials and a verified
sender, so the real aioboto3 SESv2 adapter runs over HTTP; sent mail is read from moto's backend
(the server runs in this process)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import boto3
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from tests.fakes.moto import MotoServer

SENDER = "no-reply@streamz.test"


@dataclass(frozen=True)
class SentMail:
    id: str
    source: str
    destinations: list[str]
    message: EmailMessage  # parsed raw MIME

    @property
    def text(self) -> str:
        part = self.message.get_body(("plain",))
        return "" if part is None else str(part.get_content())

    @property
    def html(self) -> str:
        part = self.message.get_body(("html",))
        return "" if part is None else str(part.get_content())


class FakeSes(MotoServer):
    def __init__(self, region: str = "us-east-1", sender: str = SENDER) -> None:
        super().__init__(region)
        self.sender = sender

    def start(self) -> FakeSes:
        self.serve()
        self.client().create_email_identity(EmailIdentity=self.sender)
        return self

    def __enter__(self) -> FakeSes:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def client(self) -> Any:
        """A plain boto3 SESv2 client, to look at SES from outside the adapter."""
        return boto3.client("sesv2", endpoint_url=self.url, region_name=self.region)

    def _backend(self) -> Any:
        return ses_backends[DEFAULT_ACCOUNT_ID][self.region]

    def sent(self, to: str | None = None) -> list[SentMail]:
        mails = []
        for item in list(self._backend().sent_messages):
            raw = getattr(item, "raw_data", None)
            if raw is None:
                continue
            parsed = email.message_from_string(raw, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            mail = SentMail(item.id, item.source, list(item.destinations), parsed)
            if to is None or any(to in d for d in mail.destinations):
                mails.append(mail)
        return mails

    def clear(self) -> None:
        self._backend().sent_messages.clear()

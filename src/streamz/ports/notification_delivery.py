"""Sending notifications out: push (FCM), email (SES), and the guards around providers.

Adapters classify every provider answer into a ``SendOutcome`` so the pipeline decides
retries, pruning and dead letters without knowing the provider.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class SendOutcome(enum.StrEnum):
    SENT = "sent"
    INVALID_TOKEN = "invalid_token"  # push token unregistered/invalid: prune the device
    RETRY = "retry"  # throttled (429), provider 5xx, timeout, connection error: try again later
    FAILED = "failed"  # permanent (bad request, rejected address): never retried


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: SendOutcome
    provider_id: str | None = None  # FCM message name, SES MessageId
    error: str | None = None  # short reason, for the delivery record
    retry_after: float | None = None  # seconds, when the provider said so


@dataclass(frozen=True, slots=True)
class PushMessage:
    token: str
    title: str
    body: str
    data: Mapping[str, str] = field(default_factory=dict)
    collapse_key: str | None = None  # a later push with the same key replaces this one
    ttl_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str
    headers: Mapping[str, str] = field(default_factory=dict)  # e.g. List-Unsubscribe
    tags: Mapping[str, str] = field(default_factory=dict)  # SES message tags


class PushSender(Protocol):
    """At most ``MAX_PUSH_BATCH`` messages per call; one result per message, same order."""

    async def send(self, messages: Sequence[PushMessage]) -> list[SendResult]: ...


MAX_PUSH_BATCH = 500


class EmailSender(Protocol):
    async def send(self, message: EmailMessage) -> SendResult: ...


class ProviderRateLimit(Protocol):
    """A global token bucket per provider (shared by every worker) that is never exceeded."""

    async def acquire(self, provider: str, count: int = 1) -> float:
        """Take ``count`` tokens: 0.0 when taken, else the seconds to wait before asking again
        (nothing is taken then)."""
        ...


class CircuitBreaker(Protocol):
    """Opens after a provider keeps failing; while open, sends are not attempted."""

    async def allow(self, provider: str) -> bool: ...

    async def record(self, provider: str, *, ok: bool) -> None: ...

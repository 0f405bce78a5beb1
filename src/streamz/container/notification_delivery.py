"""Bindings of notification delivery: push and email senders, rate limits, circuit breaker."""

from __future__ import annotations

from dishka import Provider, Scope


class PostgresBindings(Provider):
    """The real providers (FCM, SES) and their Redis guards, from settings."""

    scope = Scope.APP


class MemoryBindings(Provider):
    """In-memory senders that record what they sent, and in-memory guards."""

    scope = Scope.APP


class UseCases(Provider):
    scope = Scope.REQUEST

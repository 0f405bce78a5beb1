"""Bindings of notifications: its adapters and use cases."""

from __future__ import annotations

from dishka import Provider, Scope


class PostgresBindings(Provider):
    """Postgres/Redis/... adapters for this context's ports."""

    scope = Scope.REQUEST


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports."""

    scope = Scope.REQUEST


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

"""Bindings of subscriber badges (their images go to the media context's object store)."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.badges import MemoryBadges
from streamz.adapters.postgres.badges import PostgresBadges
from streamz.core.channels.badges.create_badge import CreateBadge
from streamz.core.channels.badges.delete_badge import DeleteBadge
from streamz.core.channels.badges.list_badges import ListBadges
from streamz.ports.badges import BadgeRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    badges = provide(PostgresBadges, provides=BadgeRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    badges = provide(MemoryBadges, provides=BadgeRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    badges = provide_all(CreateBadge, ListBadges, DeleteBadge)

"""Bindings of the channel team (moderators, VIPs, OGs, moderation log) and subscriptions."""

from __future__ import annotations

from dishka import AnyOf, Provider, Scope, provide, provide_all

from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.postgres.subscriptions import PostgresSubscriptions
from streamz.core.channels.subscriptions.end_subscription import EndSubscription
from streamz.core.channels.subscriptions.grant_subscription import GrantSubscription
from streamz.core.channels.subscriptions.list_subscriptions import ListSubscriptions
from streamz.core.channels.team.grant_role import GrantRole
from streamz.core.channels.team.list_roles import ListRoles
from streamz.core.channels.team.moderation_log import ReadModerationLog
from streamz.core.channels.team.revoke_role import RevokeRole
from streamz.core.channels.team.set_permissions import SetModeratorPermissions
from streamz.ports.subscriptions import SubscriptionReader, SubscriptionRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    subscriptions = provide(
        PostgresSubscriptions, provides=AnyOf[SubscriptionRepository, SubscriptionReader]
    )


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    subscriptions = provide(
        MemorySubscriptions, provides=AnyOf[SubscriptionRepository, SubscriptionReader]
    )


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    team = provide_all(GrantRole, RevokeRole, SetModeratorPermissions, ListRoles, ReadModerationLog)
    subscriptions = provide_all(GrantSubscription, EndSubscription, ListSubscriptions)

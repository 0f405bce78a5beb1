"""Bindings of channel subscriptions (the record)."""

from __future__ import annotations

from dishka import AnyOf, Provider, Scope, provide, provide_all

from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.postgres.subscriptions import PostgresSubscriptions
from streamz.core.channels.subscriptions.end_subscription import EndSubscription
from streamz.core.channels.subscriptions.grant_subscription import GrantSubscription
from streamz.core.channels.subscriptions.list_subscriptions import ListSubscriptions
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

    use_cases = provide_all(GrantSubscription, EndSubscription, ListSubscriptions)

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import authorize
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.identity.entities import Account, Principal, Scope
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.subscriptions import SubscriptionRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class ListSubscriptionsRequest:
    actor: Principal
    channel: str  # channel id or slug
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class Subscriber:
    subscription: Subscription
    account: Account


@dataclass(frozen=True, slots=True)
class ListSubscriptions:
    """Lists a channel's active subscribers, newest subscription first.

    - The channel's owner, staff on the Admin API and the system; anyone else (moderators
      included): ``forbidden``. Unknown channel: ``channel-not-found``.
    - Ended and expired subscriptions are not listed. Cursor pagination.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    accounts: AccountRepository
    subscriptions: SubscriptionRepository
    clock: Clock

    async def __call__(self, request: ListSubscriptionsRequest) -> Page[Subscriber]:
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        access = await authorize(
            self.channels,
            self.roles,
            request.actor,
            request.channel,
            permission=None,
            scope=Scope.CHANNEL_WRITE,
        )
        rows = await self.subscriptions.list_active(
            access.channel.id, now=self.clock.now(), limit=limit + 1, before=before
        )
        page = rows[:limit]
        subscribers = []
        for subscription in page:
            account = await self.accounts.get(subscription.account_id)
            if account is not None:  # pragma: no branch - rows go with their account
                subscribers.append(Subscriber(subscription, account))
        cursor = encode_cursor([str(page[-1].id)]) if len(rows) > limit else None
        return Page(subscribers, cursor)

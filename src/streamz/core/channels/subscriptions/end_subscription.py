from __future__ import annotations

from dataclasses import dataclass, replace

from streamz.core.channels.access import find_channel, require_staff_or_system
from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.errors import SubscriptionNotFound
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.channels.team.members import clean_reason
from streamz.core.identity.entities import Principal
from streamz.core.identity.lookup import find_account
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.subscriptions import SubscriptionRepository
from streamz.ports.team import AuditLog
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class EndSubscriptionRequest:
    actor: Principal
    channel: str  # channel id or slug
    account: str  # account id or username
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class EndSubscription:
    """Ends an account's active subscription to a channel now.

    - Staff on the Admin API and the system only (``forbidden``).
    - Unknown channel or account: ``channel-not-found`` / ``account-not-found``; no active
      subscription (none, ended, or expired): ``subscription-not-found``.
    - Writes the audit entry ``subscription.ended`` and the event
      ``channel.subscription_ended`` in the same transaction; after the commit the account's
      cached chat identity in the channel is dropped.
    """

    channels: ChannelRepository
    accounts: AccountRepository
    subscriptions: SubscriptionRepository
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: EndSubscriptionRequest) -> Subscription:
        acting_as = require_staff_or_system(request.actor)
        reason = clean_reason(request.reason, "query.reason")
        channel = await find_channel(self.channels, request.channel)
        account = await find_account(self.accounts, request.account)
        now = self.clock.now()
        current = await self.subscriptions.current(channel.id, account.id)
        if current is None or not current.active_at(now):
            raise SubscriptionNotFound(f"{account.username} has no active subscription here")
        ended = replace(current, ended_at=now, updated_at=now)
        await self.subscriptions.update(ended)
        await self.audit_log.record(
            AuditEntry(
                channel_id=channel.id,
                actor_id=request.actor.account_id,
                acting_as=acting_as,
                action="subscription.ended",
                at=now,
                target_account_id=account.id,
                details={"tier": ended.tier, "months": ended.months},
                reason=reason,
            )
        )
        payload = {
            "channel_id": str(channel.id),
            "account_id": str(account.id),
            "tier": ended.tier,
            "months": ended.months,
        }
        self.uow.record(Event("channel.subscription_ended", str(channel.id), payload, now))
        await self.uow.commit()
        return ended

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from streamz.core.channels.access import find_channel, require_staff_or_system
from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.errors import OwnSubscription
from streamz.core.channels.subscriptions.entities import (
    MAX_MONTHS,
    TIERS,
    Subscription,
    add_months,
)
from streamz.core.errors import FieldError, Invalid
from streamz.core.identity.entities import Account, Principal
from streamz.core.identity.lookup import find_account
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.subscriptions import SubscriptionRepository
from streamz.ports.team import AuditLog
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class GrantSubscriptionRequest:
    actor: Principal
    channel: str  # channel id or slug
    account: str  # account id or username
    tier: int = 1
    months: int = 1
    gifted_by: str | None = None  # account id or username of the gifter


@dataclass(frozen=True, slots=True)
class GrantSubscription:
    """Records a subscription of an account to a channel (the payment is not ours).

    - Staff on the Admin API and the system only (``forbidden``).
    - Tier 1, 2 or 3; 1-120 months (``invalid``).
    - Unknown channel, account or gifter: ``channel-not-found`` / ``account-not-found``.
    - Nobody subscribes to their own channel (``own-channel-subscription``); a gift comes from
      someone else than its recipient (``invalid``).
    - An active subscriber is renewed: ``ends_at`` moves ``months`` later, ``months`` adds up,
      the tier becomes the new one. A lapsed (expired, not ended) subscription is ended at its
      ``ends_at`` and a new one starts now.
    - Writes the audit entry ``subscription.granted`` and the event ``channel.subscribed``
      (with ``gifted_by`` when gifted) in the same transaction; after the commit the account's
      cached chat identity in the channel is dropped.
    """

    channels: ChannelRepository
    accounts: AccountRepository
    subscriptions: SubscriptionRepository
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: GrantSubscriptionRequest) -> Subscription:
        acting_as = require_staff_or_system(request.actor)
        _validate(request)
        channel = await find_channel(self.channels, request.channel)
        account = await find_account(self.accounts, request.account)
        gifter = await self._gifter(request, account)
        if account.id == channel.account_id:
            raise OwnSubscription(f"{account.username} owns this channel")
        now = self.clock.now()
        current = await self.subscriptions.current(channel.id, account.id)
        if current is not None and current.active_at(now):
            subscription = replace(
                current,
                tier=request.tier,
                months=current.months + request.months,
                ends_at=add_months(current.ends_at, request.months),
                gifted_by=gifter.id if gifter else current.gifted_by,
                updated_at=now,
            )
            await self.subscriptions.update(subscription)
        else:
            if current is not None:  # lapsed: close it where it ended
                await self.subscriptions.update(
                    replace(current, ended_at=current.ends_at, updated_at=now)
                )
            subscription = Subscription(
                id=new_id(),
                channel_id=channel.id,
                account_id=account.id,
                tier=request.tier,
                started_at=now,
                months=request.months,
                gifted_by=gifter.id if gifter else None,
                ends_at=add_months(now, request.months),
                ended_at=None,
                created_at=now,
                updated_at=now,
            )
            await self.subscriptions.add(subscription)
        details: dict[str, Any] = {
            "tier": request.tier,
            "months": request.months,
            "total_months": subscription.months,
            "ends_at": subscription.ends_at.isoformat(),
            "renewed": subscription.id == (current.id if current else None),
        }
        if gifter is not None:
            details["gifted_by"] = str(gifter.id)
        await self.audit_log.record(
            AuditEntry(
                channel_id=channel.id,
                actor_id=request.actor.account_id,
                acting_as=acting_as,
                action="subscription.granted",
                at=now,
                target_account_id=account.id,
                details=details,
            )
        )
        payload = {"channel_id": str(channel.id), "account_id": str(account.id), **details}
        self.uow.record(Event("channel.subscribed", str(channel.id), payload, now))
        await self.uow.commit()
        return subscription

    async def _gifter(self, request: GrantSubscriptionRequest, account: Account) -> Account | None:
        if request.gifted_by is None:
            return None
        gifter = await find_account(self.accounts, request.gifted_by)
        if gifter.id == account.id:
            raise Invalid.field("body.gifted_by", "a gift comes from someone else")
        return gifter


def _validate(request: GrantSubscriptionRequest) -> None:
    errors: list[FieldError] = []
    if request.tier not in TIERS:
        errors.append(FieldError("body.tier", "tier must be 1, 2 or 3"))
    if not 1 <= request.months <= MAX_MONTHS:
        errors.append(FieldError("body.months", f"months must be 1-{MAX_MONTHS}"))
    if errors:
        raise Invalid("the subscription is invalid", errors=errors)

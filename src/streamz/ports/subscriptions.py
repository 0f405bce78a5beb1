import uuid
from datetime import datetime
from typing import Protocol

from streamz.core.channels.subscriptions.entities import Subscription


class SubscriptionRepository(Protocol):
    """Writes and staff reads of channel subscriptions."""

    async def current(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> Subscription | None:
        """The subscription not ended (expired or not), locked for this transaction."""
        ...

    async def add(self, subscription: Subscription) -> None:
        """A second not-ended subscription of one account to one channel: ``AlreadySubscribed``."""
        ...

    async def update(self, subscription: Subscription) -> None: ...

    async def list_active(
        self, channel_id: uuid.UUID, *, now: datetime, limit: int, before: uuid.UUID | None
    ) -> list[Subscription]:
        """Active at ``now``, newest first; ``before`` is the last id of the previous page."""
        ...


class SubscriptionReader(Protocol):
    """What chat and badges ask: is this account subscribed, and for how long."""

    async def active(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> Subscription | None:
        """The active subscription; ended or expired (``ends_at`` past) ones are not active."""
        ...

    async def months(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> int:
        """Months subscribed to the channel over every subscription, ended ones included."""
        ...

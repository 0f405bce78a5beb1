"""Follows of channels and categories, and notification preferences."""

import uuid
from datetime import datetime
from typing import Protocol

from streamz.core.social.entities import Follow, FollowedCategory, FollowedChannel


class FollowRows(Protocol):
    """Follow rows and the target's ``followers_count``, kept equal in the same transaction."""

    async def follow(self, follow: Follow) -> bool:
        """Adds ``follow`` and counts it; False (and nothing changes) if it already exists."""
        ...

    async def unfollow(self, account_id: uuid.UUID, target_id: uuid.UUID) -> Follow | None:
        """Removes the follow and uncounts it; the removed follow, None if there was none."""
        ...

    async def get(self, account_id: uuid.UUID, target_id: uuid.UUID) -> Follow | None: ...


class ChannelFollowRepository(FollowRows, Protocol):
    """Follows of channels; counts in ``channels.followers_count``."""

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[FollowedChannel]:
        """Newest first (by follow id), those older than the follow ``before``."""
        ...


class CategoryFollowRepository(FollowRows, Protocol):
    """Follows of categories; counts in ``categories.followers_count``."""

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[FollowedCategory]:
        """Newest first, not deleted categories only."""
        ...


class NotificationPreferenceRepository(Protocol):
    """Sparse settings (``"push.channel_live": False``): only what the account chose."""

    async def account(self, account_id: uuid.UUID) -> dict[str, bool]: ...

    async def merge_account(
        self, account_id: uuid.UUID, values: dict[str, bool], at: datetime
    ) -> dict[str, bool]:
        """Sets ``values`` atomically over what is stored; returns the new sparse settings."""
        ...

    async def channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> dict[str, bool]: ...

    async def merge_channel(
        self,
        account_id: uuid.UUID,
        channel_id: uuid.UUID,
        values: dict[str, bool],
        cleared: list[str],
        at: datetime,
    ) -> dict[str, bool]:
        """Sets ``values`` and removes ``cleared`` keys atomically; returns the new overrides."""
        ...

    async def clear_channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> None: ...

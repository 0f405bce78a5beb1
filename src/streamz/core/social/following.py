"""What following and unfollowing a channel or a category share: rows, counts, events."""

from __future__ import annotations

import uuid
from datetime import datetime

from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow, FollowStatus
from streamz.ports.social import FollowRows
from streamz.ports.unit_of_work import UnitOfWork


async def follow(
    rows: FollowRows,
    uow: UnitOfWork,
    kind: str,
    account_id: uuid.UUID,
    target_id: uuid.UUID,
    now: datetime,
) -> FollowStatus:
    """Idempotent: an existing follow is kept as it is, with no second event."""
    new = Follow(new_id(), account_id, target_id, now)
    if await rows.follow(new):
        uow.record(_event(f"{kind}.followed", kind, new, now))
        return FollowStatus(True, now, changed=True)
    existing = await rows.get(account_id, target_id)
    return FollowStatus(existing is not None, existing.followed_at if existing else None)


async def unfollow(
    rows: FollowRows,
    uow: UnitOfWork,
    kind: str,
    account_id: uuid.UUID,
    target_id: uuid.UUID,
    now: datetime,
) -> FollowStatus:
    """Idempotent: unfollowing what is not followed changes nothing."""
    removed = await rows.unfollow(account_id, target_id)
    if removed is None:
        return FollowStatus(False, None)
    uow.record(_event(f"{kind}.unfollowed", kind, removed, now))
    return FollowStatus(False, None, changed=True)


async def status(rows: FollowRows, account_id: uuid.UUID, target_id: uuid.UUID) -> FollowStatus:
    existing = await rows.get(account_id, target_id)
    return FollowStatus(existing is not None, existing.followed_at if existing else None)


def _event(topic: str, kind: str, follow: Follow, now: datetime) -> Event:
    payload = {
        "follower_id": str(follow.account_id),
        f"{kind}_id": str(follow.target_id),
        "followed_at": follow.followed_at.isoformat(),
    }
    if topic.endswith("unfollowed"):
        payload["unfollowed_at"] = now.isoformat()
    return Event(topic, str(follow.target_id), payload, now)

"""Which documents a batch of outbox events touches."""

from __future__ import annotations

from collections.abc import Iterable

from streamz.core.search.entities import Changes
from streamz.core.shared.events import Event

CHANNEL_TOPICS = frozenset(
    {
        "account.registered",  # a new channel (payload channel_id)
        "channel.followed",  # followers (key: the channel)
        "channel.unfollowed",
        "channel.profile_updated",
        "stream.online",  # live flag, live stream document (key: the channel)
        "stream.offline",
        "stream.updated",  # title, category, tags, language
    }
)
CATEGORY_TOPICS = frozenset(
    {
        "category.created",
        "category.updated",  # name, aliases: also the channels and streams naming it
        "category.deleted",
        "category.followed",  # followers (key: the category)
        "category.unfollowed",
    }
)
TOPICS = CHANNEL_TOPICS | CATEGORY_TOPICS


def changes_of(events: Iterable[Event]) -> Changes:
    channels: set[str] = set()
    categories: set[str] = set()
    for event in events:
        if event.topic in CHANNEL_TOPICS:
            channel_id = event.payload.get("channel_id") or event.key
            channels.add(str(channel_id))
        elif event.topic in CATEGORY_TOPICS:
            category_id = event.payload.get("category_id") or event.key
            categories.add(str(category_id))
    return Changes(frozenset(channels), frozenset(categories))

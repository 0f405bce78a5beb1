"""Internal tier: badges through the library (in memory), as the system."""

from __future__ import annotations

from streamz.core.channels.badges.create_badge import CreateBadge, CreateBadgeRequest
from streamz.core.channels.badges.delete_badge import DeleteBadge, DeleteBadgeRequest
from streamz.core.channels.badges.list_badges import ListBadges, ListBadgesRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.media.get_media import GetMedia, GetMediaRequest
from streamz.library import Streamz

from .images import gif, pixels, png

SYSTEM = Principal.system()


async def test_badges_through_the_library() -> None:
    async with Streamz.in_memory() as streamz:
        await streamz.call(
            RegisterAccount, RegisterAccountRequest(SYSTEM, "id-1", "alice", "a@example.com")
        )
        made = await streamz.call(CreateBadge, CreateBadgeRequest(SYSTEM, "alice", 12, png(36)))
        await streamz.call(CreateBadge, CreateBadgeRequest(SYSTEM, "alice", 2, gif(36)))
        listed = await streamz.call(ListBadges, ListBadgesRequest(Principal.anonymous(), "alice"))
        stored = await streamz.call(GetMedia, GetMediaRequest(made.badge.image_key))
        await streamz.call(DeleteBadge, DeleteBadgeRequest(SYSTEM, "alice", 12))
        after = await streamz.call(ListBadges, ListBadgesRequest(SYSTEM, "alice"))
    assert [b.badge.months for b in listed] == [2, 12]
    assert pixels(stored.data) == pixels(png(36))  # re-encoded: the same picture
    assert stored.content_type == "image/png"
    assert [b.badge.months for b in after] == [2]

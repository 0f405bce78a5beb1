"""Who may write panels and links: owner, moderators with manage_settings, tokens with
channel:write, staff (audited), the system. Reads are for everyone."""

from __future__ import annotations

import pytest

from streamz.core.channels.about.create_link import CreateLink, CreateLinkRequest
from streamz.core.channels.about.create_panel import CreatePanel, CreatePanelRequest
from streamz.core.channels.about.list_links import ListLinks, ListLinksRequest
from streamz.core.channels.about.list_panels import ListPanels, ListPanelsRequest
from streamz.core.channels.about.reorder_panels import ReorderPanels, ReorderPanelsRequest
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import DEFAULT_MODERATOR_PERMISSIONS, Permission
from streamz.core.errors import Forbidden, StreamzError, Unauthenticated
from streamz.core.identity.entities import Principal, Role, Scope
from streamz.core.shared.ids import new_id
from tests.unit.about.support import (
    audit_entries,
    grant_moderator,
    links,
    panels,
    staff,
    token_of,
)
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user


async def _cast(world: World) -> dict[str, Principal]:
    alice = await world.register("alice")
    other = await world.register("other")
    weak = await world.register("weak")
    mod = await world.register("mod")
    boss = await world.register("boss", role=Role.STAFF)
    await grant_moderator(world, alice, weak, DEFAULT_MODERATOR_PERMISSIONS)
    await grant_moderator(world, alice, mod, {Permission.MANAGE_SETTINGS})
    return {
        "anonymous": ANONYMOUS,
        "other user": user(other),
        "moderator without manage_settings": user(weak),
        "moderator with manage_settings": user(mod),
        "owner": user(alice),
        "staff session outside the Admin API": user(boss),
        "staff on the Admin API": staff(boss),
        "owner's token with channel:write": token_of(alice, Scope.CHANNEL_WRITE),
        "owner's token without channel:write": token_of(alice, Scope.CHAT_WRITE),
        "moderator's token with channel:write": token_of(mod, Scope.CHANNEL_WRITE),
        "system": SYSTEM,
    }


ALLOWED = {
    "moderator with manage_settings": ActingAs.MODERATOR,
    "owner": ActingAs.OWNER,
    "staff on the Admin API": ActingAs.STAFF,
    "owner's token with channel:write": ActingAs.OWNER,
    "moderator's token with channel:write": ActingAs.MODERATOR,
    "system": ActingAs.SYSTEM,
}
REFUSED: dict[str, tuple[type[StreamzError], str]] = {
    "anonymous": (Unauthenticated, "unauthenticated"),
    "other user": (Forbidden, "forbidden"),
    "moderator without manage_settings": (Forbidden, "forbidden"),
    "staff session outside the Admin API": (Forbidden, "forbidden"),
    "owner's token without channel:write": (Forbidden, "forbidden"),
}


@pytest.mark.parametrize("who", [*ALLOWED, *REFUSED])
async def test_who_may_write(world: World, who: str) -> None:
    actor = (await _cast(world))[who]
    create_panel = panels(world, CreatePanel)(CreatePanelRequest(actor, "alice", "About"))
    create_link = links(world, CreateLink)(CreateLinkRequest(actor, "alice", "https://a.example"))
    reorder = panels(world, ReorderPanels)(ReorderPanelsRequest(actor, "alice", []))
    if who in REFUSED:
        error, code = REFUSED[who]
        for call in (create_panel, create_link, reorder):
            await fails(world, call, error, code)
        return
    panel = await create_panel
    await create_link
    await reorder
    entries = audit_entries(world)
    assert [e.action for e in entries] == ["panel.created", "link.created", "panel.reordered"]
    assert {e.acting_as for e in entries} == {ALLOWED[who]}
    assert {e.actor_id for e in entries} == {actor.account_id}
    assert entries[0].details == {"panel_id": str(panel.id)}


async def test_everyone_reads(world: World) -> None:
    actors = await _cast(world)
    await panels(world, CreatePanel)(CreatePanelRequest(SYSTEM, "alice", "About"))
    for actor in actors.values():
        assert len(await panels(world, ListPanels)(ListPanelsRequest(actor, "alice"))) == 1
        assert await links(world, ListLinks)(ListLinksRequest(actor, "alice")) == []


async def test_unknown_channel_comes_before_authorization(world: World) -> None:
    request = CreatePanelRequest(ANONYMOUS, str(new_id()), "About")
    await fails(world, panels(world, CreatePanel)(request), ChannelNotFound, "channel-not-found")

"""Every endpoint of the user- and channel-management tables x every kind of caller.

One test per operation checks every persona in turn, each (operation, persona) cell on fresh
tables of the in-memory container (``MemoryMatrix``); one cell per tier also runs on the real
servers. "ok" is any 2xx; "absent" means the tier does not offer the operation (404/405), as
the seed table's ⚫ cells require. No cell may leak or over-deny.
"""

from __future__ import annotations

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.authz.matrix import (
    CONTENT,
    CONTENT_NOT_PUBLIC,
    LOG,
    MODERATORS,
    MODERATORS_NOT_PUBLIC,
    READ,
    SELF_SERVICE,
    STAFF_ONLY,
    VIP_OG,
    VIP_OG_NOT_PUBLIC,
    MemoryMatrix,
    Operation,
    Prepare,
    Request,
    base,
    check_cell,
    owner_post,
    read,
)
from tests.integration.authz.personas import Persona, personas
from tests.integration.conftest import Client
from tests.unit.media.images import png


async def create_panel(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "POST", f"{base(who[name])}/panels", {"json": {"title": f"by {name}"}}


async def update_panel(c: Client, who: dict[str, Persona], name: str) -> Request:
    panel = await owner_post(c, who, "panels", json={"title": "x"})
    return "PATCH", f"{base(who[name])}/panels/{panel['id']}", {"json": {"title": "y"}}


async def order_panels(c: Client, who: dict[str, Persona], name: str) -> Request:
    panel = await owner_post(c, who, "panels", json={"title": "x"})
    owner = who["owner"]
    listed = await c.get(f"{base(owner)}/panels", headers=owner.headers)
    ids = [p["id"] for p in listed.json()["data"]]
    assert panel["id"] in ids
    return "PUT", f"{base(who[name])}/panels/order", {"json": {"ids": list(reversed(ids))}}


async def delete_panel(c: Client, who: dict[str, Persona], name: str) -> Request:
    panel = await owner_post(c, who, "panels", json={"title": "x"})
    return "DELETE", f"{base(who[name])}/panels/{panel['id']}", {}


async def create_link(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "POST", f"{base(who[name])}/links", {"json": {"url": f"https://{name}.example"}}


async def delete_link(c: Client, who: dict[str, Persona], name: str) -> Request:
    link = await owner_post(c, who, "links", json={"url": f"https://del-{name}.example"})
    return "DELETE", f"{base(who[name])}/links/{link['id']}", {}


async def create_badge(c: Client, who: dict[str, Persona], name: str) -> Request:
    form = {"data": {"months": "1"}, "files": {"image": ("b.png", png(36), "image/png")}}
    return "POST", f"{base(who[name])}/badges", form


async def delete_badge(c: Client, who: dict[str, Persona], name: str) -> Request:
    files = {"image": ("b.png", png(36), "image/png")}
    await owner_post(c, who, "badges", data={"months": "2"}, files=files)
    return "DELETE", f"{base(who[name])}/badges/2", {}


def grant(role: str) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        return "POST", f"{base(who[name])}/{role}", {"json": {"account": "other1"}}

    return prepare


def revoke(role: str) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        await owner_post(c, who, role, json={"account": "other1"})
        return "DELETE", f"{base(who[name])}/{role}/other1", {}

    return prepare


async def moderation_log(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "GET", f"{base(who[name])}/moderation-log", {}


async def grant_subscription(c: Client, who: dict[str, Persona], name: str) -> Request:
    body = {"account": "other1", "tier": 1, "months": 1}
    return "POST", f"{base(who[name])}/subscriptions", {"json": body}


async def update_preferences(c: Client, who: dict[str, Persona], name: str) -> Request:
    p = who[name]
    return "PATCH", f"{p.tier}/me/notification-preferences", {"json": {"push": {"marketing": True}}}


async def follow(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "PUT", f"{who[name].tier}/me/follows/channels/staff1", {}


OPERATIONS = [
    Operation("create panel", create_panel, CONTENT),
    Operation("fetch panels", read("panels"), READ),
    Operation("update panel", update_panel, CONTENT_NOT_PUBLIC),
    Operation("order panels", order_panels, CONTENT_NOT_PUBLIC),
    Operation("delete panel", delete_panel, CONTENT_NOT_PUBLIC),
    Operation("create link", create_link, CONTENT),
    Operation("fetch links", read("links"), READ),
    Operation("delete link", delete_link, CONTENT_NOT_PUBLIC),
    Operation("create badge", create_badge, CONTENT),
    Operation("fetch badges", read("badges"), READ),
    Operation("delete badge", delete_badge, CONTENT_NOT_PUBLIC),
    Operation("create VIP", grant("vips"), VIP_OG),
    Operation("fetch VIPs", read("vips"), READ),
    Operation("delete VIP", revoke("vips"), VIP_OG_NOT_PUBLIC),
    Operation("create OG", grant("ogs"), VIP_OG),
    Operation("delete OG", revoke("ogs"), VIP_OG_NOT_PUBLIC),
    Operation("create moderator", grant("moderators"), MODERATORS),
    Operation("fetch moderators", read("moderators"), READ),
    Operation("delete moderator", revoke("moderators"), MODERATORS_NOT_PUBLIC),
    Operation("read moderation log", moderation_log, LOG),
    Operation("grant subscription", grant_subscription, STAFF_ONLY),
    Operation("update notification preferences", update_preferences, SELF_SERVICE),
    Operation("follow channel", follow, SELF_SERVICE),
]
# one cell per tier on the real servers (PostgreSQL, Redis, the media store): the app as deployed
REAL_CELLS = [("create badge", "token_with"), ("create moderator", "owner"),
              ("grant subscription", "staff")]  # fmt: skip
BY_NAME = {op.name: op for op in OPERATIONS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
async def test_every_persona(operation: Operation, memory_matrix: MemoryMatrix) -> None:
    """Every (operation, persona) cell, on the in-memory container."""
    await memory_matrix.check_every_persona(operation)


@pytest.mark.parametrize(("operation", "persona"), REAL_CELLS, ids=map("-".join, REAL_CELLS))
async def test_cell_on_the_servers(
    operation: str, persona: str, client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await check_cell(client, await personas(client, ory, db), BY_NAME[operation], persona)

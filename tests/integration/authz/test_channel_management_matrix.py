"""Every endpoint of the user- and channel-management tables x every kind of caller.

One row per (operation, persona). "ok" is any 2xx; "absent" means the tier does not offer the
operation (404/405), as the seed table's ⚫ cells require. No cell may leak or over-deny.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.authz.personas import Persona, personas
from tests.integration.conftest import Client
from tests.unit.media.images import png

CHANNEL = "owner1"
Request = tuple[str, str, dict[str, Any]]  # method, path, httpx keyword arguments
Prepare = Callable[[Client, dict[str, Persona], str], Awaitable[Request]]
Expected = dict[str, int | str]

# who may write channel content (Permission.MANAGE_SETTINGS, scope channel:write)
CONTENT: Expected = {
    "anonymous": 401, "other": 403, "vip": 403, "mod_without": 403, "mod_with": "ok",
    "owner": "ok", "staff": "ok", "token_with": "ok", "token_without": 403,
}  # fmt: skip
# the same, for operations the Public tier does not offer
CONTENT_NOT_PUBLIC: Expected = {**CONTENT, "anonymous": "absent", "token_with": "absent",
                      "token_without": "absent"}  # fmt: skip
VIP_OG: Expected = CONTENT  # Permission.MANAGE_ROLES, scope moderation:write: the same people
VIP_OG_NOT_PUBLIC: Expected = CONTENT_NOT_PUBLIC
MODERATORS: Expected = {**CONTENT, "mod_with": 403}  # only the owner (and staff) appoint moderators
MODERATORS_NOT_PUBLIC: Expected = {**CONTENT_NOT_PUBLIC, "mod_with": 403}
READ: Expected = dict.fromkeys(CONTENT, "ok")
LOG: Expected = {
    "anonymous": "absent", "other": 403, "vip": 403, "mod_without": "ok", "mod_with": "ok",
    "owner": "ok", "staff": "ok", "token_with": "absent", "token_without": "absent",
}  # fmt: skip
# the caller's own preferences and follows: sessions on the Private tier only
SELF_SERVICE: Expected = {
    "anonymous": "absent", "other": "ok", "vip": "ok", "mod_without": "ok", "mod_with": "ok",
    "owner": "ok", "staff": "absent", "token_with": "absent", "token_without": "absent",
}  # fmt: skip
STAFF_ONLY: Expected = {
    "anonymous": "absent", "other": "absent", "vip": "absent", "mod_without": "absent",
    "mod_with": "absent", "owner": "absent", "staff": "ok", "token_with": "absent",
    "token_without": "absent",
}  # fmt: skip


async def _owner_post(client: Client, who: dict[str, Persona], path: str, **kw: Any) -> Any:
    owner = who["owner"]
    response = await client.post(
        f"{owner.tier}/channels/{CHANNEL}/{path}", headers=owner.headers, **kw
    )
    assert response.status_code == 201, response.text
    return response.json()


def _base(p: Persona) -> str:
    return f"{p.tier}/channels/{CHANNEL}"


async def create_panel(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "POST", f"{_base(who[name])}/panels", {"json": {"title": f"by {name}"}}


async def update_panel(c: Client, who: dict[str, Persona], name: str) -> Request:
    panel = await _owner_post(c, who, "panels", json={"title": "x"})
    return "PATCH", f"{_base(who[name])}/panels/{panel['id']}", {"json": {"title": "y"}}


async def order_panels(c: Client, who: dict[str, Persona], name: str) -> Request:
    panel = await _owner_post(c, who, "panels", json={"title": "x"})
    owner = who["owner"]
    listed = await c.get(f"{_base(owner)}/panels", headers=owner.headers)
    ids = [p["id"] for p in listed.json()["data"]]
    assert panel["id"] in ids
    return "PUT", f"{_base(who[name])}/panels/order", {"json": {"ids": list(reversed(ids))}}


async def delete_panel(c: Client, who: dict[str, Persona], name: str) -> Request:
    panel = await _owner_post(c, who, "panels", json={"title": "x"})
    return "DELETE", f"{_base(who[name])}/panels/{panel['id']}", {}


async def create_link(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "POST", f"{_base(who[name])}/links", {"json": {"url": f"https://{name}.example"}}


async def delete_link(c: Client, who: dict[str, Persona], name: str) -> Request:
    link = await _owner_post(c, who, "links", json={"url": f"https://del-{name}.example"})
    return "DELETE", f"{_base(who[name])}/links/{link['id']}", {}


async def create_badge(c: Client, who: dict[str, Persona], name: str) -> Request:
    form = {"data": {"months": "1"}, "files": {"image": ("b.png", png(36), "image/png")}}
    return "POST", f"{_base(who[name])}/badges", form


async def delete_badge(c: Client, who: dict[str, Persona], name: str) -> Request:
    files = {"image": ("b.png", png(36), "image/png")}
    await _owner_post(c, who, "badges", data={"months": "2"}, files=files)
    return "DELETE", f"{_base(who[name])}/badges/2", {}


def grant(role: str) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        return "POST", f"{_base(who[name])}/{role}", {"json": {"account": "other1"}}

    return prepare


def revoke(role: str) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        await _owner_post(c, who, role, json={"account": "other1"})
        return "DELETE", f"{_base(who[name])}/{role}/other1", {}

    return prepare


def read(path: str) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        return "GET", f"{_base(who[name])}/{path}", {}

    return prepare


async def moderation_log(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "GET", f"{_base(who[name])}/moderation-log", {}


async def grant_subscription(c: Client, who: dict[str, Persona], name: str) -> Request:
    body = {"account": "other1", "tier": 1, "months": 1}
    return "POST", f"{_base(who[name])}/subscriptions", {"json": body}


async def update_preferences(c: Client, who: dict[str, Persona], name: str) -> Request:
    p = who[name]
    return "PATCH", f"{p.tier}/me/notification-preferences", {"json": {"push": {"marketing": True}}}


async def follow(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "PUT", f"{who[name].tier}/me/follows/channels/staff1", {}


@dataclass(frozen=True)
class Operation:
    name: str
    prepare: Prepare
    expected: Expected


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
CELLS = [(op, persona) for op in OPERATIONS for persona in CONTENT]


def _matches(expected: int | str, status: int) -> bool:
    if expected == "ok":
        return 200 <= status < 300
    if expected == "absent":
        return status in (404, 405)
    return status == expected


@pytest.mark.parametrize(("operation", "persona"), CELLS, ids=[f"{op.name}-{p}" for op, p in CELLS])
async def test_cell(
    operation: Operation, persona: str, client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    who = await personas(client, ory, db)
    method, path, kwargs = await operation.prepare(client, who, persona)
    response = await client.request(method, path, headers=who[persona].headers, **kwargs)
    expected = operation.expected[persona]
    assert _matches(expected, response.status_code), (
        f"{operation.name} as {persona}: expected {expected}, got {response.status_code} "
        f"{response.text[:300]}"
    )
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")

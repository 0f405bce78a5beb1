"""Who may do what to alice's channel team: one row per (principal, operation) cell.

Principals use their own tier: sessions the Private API, staff the Admin API, API tokens the
Public API (where deleting roles and reading the log do not exist). Subscriptions are granted on
the Admin API only, so there everyone but staff is refused.
"""

from __future__ import annotations

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token, register
from tests.integration.team.helpers import cast, give

OPS = {
    "create_vip": ("POST", "channels/alice/vips", {"account": "dave"}),
    "delete_vip": ("DELETE", "channels/alice/vips/dave", None),
    "create_mod": ("POST", "channels/alice/moderators", {"account": "dave"}),
    "delete_mod": ("DELETE", "channels/alice/moderators/dave", None),
    "read_log": ("GET", "channels/alice/moderation-log", None),
    "grant_sub": ("POST", "channels/alice/subscriptions", {"account": "dave"}),
}
ORDER = list(OPS)
EXPECTED = {
    "anonymous": [401, 401, 401, 401, 401, 401],
    "other_user": [403, 403, 403, 403, 403, 403],
    "vip": [403, 403, 403, 403, 403, 403],
    "moderator": [403, 403, 403, 403, 200, 403],
    "moderator_manage_roles": [201, 200, 403, 403, 200, 403],
    "owner": [201, 200, 201, 200, 200, 403],
    "staff_on_admin": [201, 200, 201, 200, 200, 201],
    "token_with_scope": [201, 404, 201, 404, 404, 401],
    "token_without_scope": [403, 404, 403, 404, 404, 401],
}
CELLS = [
    pytest.param(who, op, status, id=f"{who}-{op}")
    for who, statuses in EXPECTED.items()
    for op, status in zip(ORDER, statuses, strict=True)
]
TIER = {"staff_on_admin": "admin", "token_with_scope": "public", "token_without_scope": "public"}


async def _headers(
    client: Client, ory: FakeOry, db: asyncpg.Connection, who: str
) -> dict[str, str]:
    team = await cast(client, ory, db)
    vip, mod, mod_roles = [await register(client, ory, n) for n in ("vip1", "mod1", "mod2")]
    await register(client, ory, "dave")
    await give(client, team.owner, "vips", vip.username)
    await give(client, team.owner, "moderators", mod.username)
    await give(client, team.owner, "moderators", mod_roles.username, permissions=["manage_roles"])
    return {
        "anonymous": {},
        "other_user": team.carol.auth,
        "vip": vip.auth,
        "moderator": mod.auth,
        "moderator_manage_roles": mod_roles.auth,
        "owner": team.owner.auth,
        "staff_on_admin": team.staff.auth,
        "token_with_scope": await api_token(client, team.owner, "moderation:write"),
        "token_without_scope": await api_token(client, team.owner, "channel:write"),
    }[who]


@pytest.mark.parametrize(("who", "op", "status"), CELLS)
async def test_cell(
    client: Client, ory: FakeOry, db: asyncpg.Connection, who: str, op: str, status: int
) -> None:
    headers = await _headers(client, ory, db, who)
    if op.startswith("delete_"):  # dave holds the role, so only authorization decides
        owner = await db.fetchval("SELECT account_id FROM channels WHERE slug = 'alice'")
        await db.execute(
            "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions, created_at)"
            " SELECT gen_random_uuid(), c.id, a.id, $1, '{}', now()"
            " FROM channels c, accounts a WHERE c.account_id = $2 AND a.username = 'dave'",
            "vip" if op == "delete_vip" else "moderator",
            owner,
        )
    tier = "admin" if op == "grant_sub" else TIER.get(who, "private")
    method, path, body = OPS[op]
    audit_before = await db.fetchval("SELECT count(*) FROM channel_audit_log")

    response = await client.request(method, f"/{tier}/v1/{path}", json=body, headers=headers)

    assert response.status_code == status, response.text
    audit_after = await db.fetchval("SELECT count(*) FROM channel_audit_log")
    wrote = method != "GET" and response.status_code < 300
    assert audit_after == audit_before + (1 if wrote else 0)
    if wrote and who == "staff_on_admin":
        acting_as = await db.fetchval(
            "SELECT acting_as FROM channel_audit_log ORDER BY id DESC LIMIT 1"
        )
        assert acting_as == "staff"

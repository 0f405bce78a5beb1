"""Who asks, in the authorization matrix: one channel and everyone around it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import asyncpg

from streamz.adapters.memory.database import Tables
from streamz.core.identity.entities import Role
from streamz.core.shared.ids import new_id
from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, Client, User, make_staff, register


@dataclass(frozen=True)
class Persona:
    name: str
    tier: str  # URL prefix the persona calls through
    headers: dict[str, str]


async def _grant(
    db: asyncpg.Connection, channel: str, user: User, role: str, permissions: list[str]
) -> None:
    await db.execute(
        "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        new_id(),
        uuid.UUID(channel),
        uuid.UUID(user.account_id),
        role,
        permissions,
        datetime.now(UTC),
    )


async def _token(client: Client, owner: User, scopes: list[str]) -> str:
    response = await client.post(
        "/private/v1/me/tokens", json={"name": "matrix", "scopes": scopes}, headers=owner.auth
    )
    assert response.status_code == 201, response.text
    secret: str = response.json()["secret"]
    return secret


MOD_WITHOUT = ["ban", "timeout", "delete_messages"]
MOD_WITH = [*MOD_WITHOUT, "manage_settings", "manage_terms_emotes", "manage_roles"]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def personas(client: Client, ory: FakeOry, db: asyncpg.Connection) -> dict[str, Persona]:
    """The channel ``owner1`` and one persona of each kind; permissions as their names say;
    ``target1`` is an account with no role, for moderation to act on."""
    owner = await register(client, ory, "owner1")
    other = await register(client, ory, "other1")
    vip = await register(client, ory, "vip1")
    weak = await register(client, ory, "modweak")
    strong = await register(client, ory, "modstrong")
    staff = await register(client, ory, "staff1")
    target = await register(client, ory, "target1")  # whom moderation acts on
    await make_staff(db, staff)
    channel = str(await db.fetchval("SELECT id FROM channels WHERE slug = 'owner1'"))
    await _grant(db, channel, vip, "vip", [])
    await _grant(db, channel, weak, "moderator", MOD_WITHOUT)
    await _grant(db, channel, strong, "moderator", MOD_WITH)
    scoped = await _token(client, owner, ["channel:write", "moderation:write"])
    unscoped = await _token(client, owner, ["chat:write"])
    users = {u.username: u for u in (owner, other, vip, weak, strong, staff, target)}
    return _cast(users, scoped, unscoped)


def _cast(users: dict[str, User], scoped: str, unscoped: str) -> dict[str, Persona]:
    """Each persona by name; ``users`` by username."""
    owner, other, vip = users["owner1"], users["other1"], users["vip1"]
    weak, strong, staff = users["modweak"], users["modstrong"], users["staff1"]
    target = users["target1"]
    return {
        "anonymous": Persona("anonymous", "/public/v1", {}),
        "other": Persona("other", "/private/v1", other.auth),
        "vip": Persona("vip", "/private/v1", vip.auth),
        "mod_without": Persona("mod_without", "/private/v1", weak.auth),
        "mod_with": Persona("mod_with", "/private/v1", strong.auth),
        "owner": Persona("owner", "/private/v1", owner.auth),
        "staff": Persona("staff", "/admin/v1", staff.auth),
        "token_with": Persona("token_with", "/public/v1", bearer(scoped)),
        "token_without": Persona("token_without", "/public/v1", bearer(unscoped)),
        "target": Persona("target", "/private/v1", target.auth),
    }


async def _webhook_register(client: Client, username: str) -> tuple[str, str]:
    """Ory's registration webhook: the new identity's id and account id."""
    identity_id = str(uuid.uuid4())
    response = await client.post(
        "/internal/webhooks/ory/registration",
        json={
            "identity": {
                "id": identity_id,
                "schema_id": "default",
                "traits": {"username": username, "email": f"{username}@example.com"},
            }
        },
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    assert response.status_code == 201, response.text
    account_id: str = response.json()["account_id"]
    return identity_id, account_id


async def memory_personas(client: Client, tables: Tables) -> dict[str, Persona]:
    """The same people as ``personas``, on an app whose container is in memory
    (``make_memory_container``): sessions are ``session:<identity id>``; staff is set in the
    memory tables, the VIP and the moderators are appointed by the owner over HTTP."""
    users: dict[str, User] = {}
    for username in ("owner1", "other1", "vip1", "modweak", "modstrong", "staff1", "target1"):
        identity_id, account_id = await _webhook_register(client, username)
        users[username] = User(identity_id, account_id, username, f"session:{identity_id}")
    staff = tables.accounts[uuid.UUID(users["staff1"].account_id)]
    tables.accounts[staff.id] = replace(staff, role=Role.STAFF)
    owner = users["owner1"]
    for path, body in (
        ("vips", {"account": "vip1"}),
        ("moderators", {"account": "modweak", "permissions": MOD_WITHOUT}),
        ("moderators", {"account": "modstrong", "permissions": MOD_WITH}),
    ):
        response = await client.post(
            f"/private/v1/channels/owner1/{path}", json=body, headers=owner.auth
        )
        assert response.status_code == 201, response.text
    scoped = await _token(client, owner, ["channel:write", "moderation:write"])
    unscoped = await _token(client, owner, ["chat:write"])
    return _cast(users, scoped, unscoped)

"""Who asks, in the authorization matrix: one channel and everyone around it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from streamz.core.shared.ids import new_id
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, make_staff, register


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
    await _grant(db, channel, weak, "moderator", ["ban", "timeout", "delete_messages"])
    await _grant(
        db,
        channel,
        strong,
        "moderator",
        [
            "ban",
            "timeout",
            "delete_messages",
            "manage_settings",
            "manage_terms_emotes",
            "manage_roles",
        ],
    )
    scoped = await _token(client, owner, ["channel:write", "moderation:write"])
    unscoped = await _token(client, owner, ["chat:write"])
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

"""Who may create and delete badges, per tier: the expected status for each caller."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, api_token, count, make_staff, register

from .conftest import grant_moderator, remove, upload

Caller = Callable[[Client, FakeOry, asyncpg.Connection, User], Awaitable[dict[str, str]]]


async def anonymous(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    return {}


async def other_user(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    return (await register(client, ory, "bob")).auth


async def moderator_without(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    mod = await register(client, ory, "mod")
    await grant_moderator(db, "alice", mod, "ban", "timeout", "delete_messages")
    return mod.auth


async def moderator_with(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    mod = await register(client, ory, "mod")
    await grant_moderator(db, "alice", mod, "manage_settings")
    return mod.auth


async def the_owner(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    return owner.auth


async def staff(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    root = await register(client, ory, "root")
    await make_staff(db, root)
    return root.auth


async def token_with(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    return await api_token(client, owner, "channel:write")


async def token_without(
    client: Client, ory: FakeOry, db: asyncpg.Connection, owner: User
) -> dict[str, str]:
    return await api_token(client, owner, "chat:write", "moderation:write")


# (tier, caller, create status, delete status or None where the tier has no delete)
TABLE: list[tuple[str, Caller, int, int | None]] = [
    ("public", anonymous, 401, None),
    ("public", token_with, 201, None),
    ("public", token_without, 403, None),
    ("public", other_user, 403, None),  # a session on the Public API acts as its account
    ("private", anonymous, 401, 401),
    ("private", other_user, 403, 403),
    ("private", moderator_without, 403, 403),
    ("private", moderator_with, 201, 200),
    ("private", the_owner, 201, 200),
    ("private", staff, 403, 403),  # staff powers only on the Admin API
    ("admin", staff, 201, 200),
    ("admin", the_owner, 403, 403),  # not staff
    ("admin", anonymous, 401, 401),
]


@pytest.mark.parametrize(
    ("tier", "caller", "create", "delete"),
    TABLE,
    ids=[f"{tier}-{caller.__name__}" for tier, caller, _, _ in TABLE],
)
async def test_authorization(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    tier: str,
    caller: Caller,
    create: int,
    delete: int | None,
) -> None:
    owner = await register(client, ory, "alice")
    assert (await upload(client, "private", 1, headers=owner.auth)).status_code == 201
    headers = await caller(client, ory, db, owner)

    made = await upload(client, tier, 2, headers=headers)
    assert made.status_code == create, made.text
    if delete is not None:
        gone = await remove(client, tier, 1, headers)
        assert gone.status_code == delete, gone.text
    expected_rows = 1 + (create == 201) - (delete == 200)
    assert await count(db, "channel_badges") == expected_rows
    audit = await db.fetch("SELECT action, acting_as FROM channel_audit_log ORDER BY id")
    if caller is staff and tier == "admin":
        assert [tuple(r) for r in audit] == [
            ("badge.created", "staff"),
            ("badge.deleted", "staff"),
        ]
    elif caller is moderator_with:
        assert [r["acting_as"] for r in audit] == ["moderator", "moderator"]
    else:
        assert audit == []

"""Chat bans and timeouts through HTTP on every tier: rules, who may, expiry, pages, races."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.identity.entities import Principal, PrincipalKind, Role
from streamz.library import Streamz
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.bans.helpers import (
    PROBLEM,
    TIERS,
    open_bans,
    path,
    payloads,
    written,
)
from tests.integration.conftest import (
    Client,
    User,
    api_token,
    make_moderator,
    make_staff,
    register,
)


async def _check_trail(
    db: asyncpg.Connection, alice: User, boss: User, targets: list[User], expires: datetime
) -> None:
    """Rows, audit entries and events left by ``test_lifecycle_on_every_tier``."""
    rows = await db.fetch(
        "SELECT a.username, b.kind, b.ended_at IS NOT NULL AS ended, b.ended_by"
        " FROM chat_bans b JOIN accounts a ON a.id = b.account_id ORDER BY b.id"
    )
    assert [(r["username"], r["kind"], r["ended"]) for r in rows] == [
        ("bob", "timeout", True),
        ("carol", "ban", True),
        ("dave", "ban", False),
    ]
    assert rows[1]["ended_by"] == uuid.UUID(boss.account_id)
    audit = await db.fetch(
        "SELECT action, acting_as, target_account_id, reason FROM channel_audit_log ORDER BY id"
    )
    assert [(r["action"], r["acting_as"], r["reason"]) for r in audit] == [
        ("chat.timeout", "owner", "spam"),
        ("chat.ban", "owner", None),
        ("chat.ban", "staff", "tos"),
        ("chat.unban", "owner", None),
        ("chat.unban", "staff", "appeal"),
    ]
    assert audit[0]["target_account_id"] == uuid.UUID(targets[0].account_id)
    banned = await payloads(db, "chat.user_banned")
    assert [(p["username"], p["kind"], p["duration_seconds"]) for p in banned] == [
        ("bob", "timeout", 600),
        ("carol", "ban", None),
        ("dave", "ban", None),
    ]
    channel = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    chatroom = await db.fetchval("SELECT id FROM chatrooms WHERE channel_id = $1", channel)
    first = banned[0]
    assert first["channel_id"] == str(channel)
    assert first["chatroom_id"] == str(chatroom)
    assert first["account_id"] == targets[0].account_id
    assert (first["reason"], first["by"], first["acting_as"]) == ("spam", alice.account_id, "owner")
    assert datetime.fromisoformat(first["expires_at"]) == expires
    unbanned = await payloads(db, "chat.user_unbanned")
    assert [(p["username"], p["by"], p["acting_as"]) for p in unbanned] == [
        ("bob", alice.account_id, "owner"),
        ("carol", boss.account_id, "staff"),
    ]


async def test_lifecycle_on_every_tier(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    targets = [await register(client, ory, name) for name in ("bob", "carol", "dave")]
    token = await api_token(client, alice, "moderation:write")
    writers = {"/public/v1": token, "/private/v1": alice.auth, "/admin/v1": boss.auth}
    bodies = {
        "/public/v1": {"user": "bob", "duration_seconds": 600, "reason": "spam"},
        "/private/v1": {"user": targets[1].account_id, "reason": "  "},
        "/admin/v1": {"user": "DAVE", "duration_seconds": None, "reason": "tos"},
    }
    created = {}
    for tier in TIERS:
        response = await client.post(path(tier), json=bodies[tier], headers=writers[tier])
        assert response.status_code == 201, response.text
        created[tier] = response.json()
    timeout = created["/public/v1"]
    assert (timeout["username"], timeout["kind"], timeout["reason"]) == ("bob", "timeout", "spam")
    assert timeout["duration_seconds"] == 600
    expires = datetime.fromisoformat(timeout["expires_at"])
    made = datetime.fromisoformat(timeout["created_at"])
    assert expires - made == timedelta(seconds=600)
    assert (timeout["created_by"], timeout["ended_at"]) == (alice.account_id, None)
    ban = created["/private/v1"]
    assert (ban["username"], ban["kind"], ban["reason"], ban["expires_at"]) == (
        "carol",
        "ban",
        None,
        None,
    )
    assert created["/admin/v1"]["created_by"] == boss.account_id
    readers = {"/public/v1": token, "/private/v1": alice.auth, "/admin/v1": boss.auth}
    for tier in TIERS:
        listed = await client.get(path(tier), headers=readers[tier])
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert [b["username"] for b in body["data"]] == ["dave", "carol", "bob"]
        assert body["next"] is None
        one = await client.get(path(tier, user="bob"), headers=readers[tier])
        assert one.status_code == 200, one.text
        assert one.json()["id"] == timeout["id"]
    public_delete = await client.delete(path("/public/v1", user="bob"), headers=token)
    assert public_delete.status_code in (404, 405)
    lifted = await client.delete(path("/private/v1", user="bob"), headers=alice.auth)
    assert lifted.status_code == 200, lifted.text
    assert (lifted.json()["id"], lifted.json()["ended_by"]) == (timeout["id"], alice.account_id)
    lifted = await client.delete(
        path("/admin/v1", user=targets[1].account_id) + "?reason=appeal", headers=boss.auth
    )
    assert lifted.status_code == 200, lifted.text
    assert [
        b["username"]
        for b in (await client.get(path("/private/v1"), headers=alice.auth)).json()["data"]
    ] == ["dave"]
    again = await client.delete(path("/private/v1", user="bob"), headers=alice.auth)
    assert again.status_code == 404
    assert again.json()["type"] == PROBLEM + "ban-not-found"
    await _check_trail(db, alice, boss, targets, expires)


@pytest.mark.parametrize(
    "body",
    [
        {"user": "bob", "duration_seconds": 0},
        {"user": "bob", "duration_seconds": -5},
        {"user": "bob", "duration_seconds": 1_209_601},
        {"user": "bob", "duration_seconds": "ten minutes"},
        {"user": "bob", "duration_seconds": 1.5},
        {"user": "bob", "duration_seconds": True},
        {"user": "bob", "reason": "x" * 501},
        {"user": ""},
        {"user": "x" * 65},
        {"duration_seconds": 60},
        {"user": "bob", "minutes": 5},
        {"user": 5},
    ],
)
async def test_bad_input_is_422_and_nothing_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, body: dict[str, object]
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    before = await written(db)
    response = await client.post(path("/private/v1"), json=body, headers=alice.auth)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] in (PROBLEM + "validation", PROBLEM + "invalid")
    assert problem["errors"], problem
    assert await written(db) == before


async def test_durations_at_the_bounds_are_accepted(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    for seconds in (1, 1_209_600):
        response = await client.post(
            path("/private/v1"),
            json={"user": "bob", "duration_seconds": seconds},
            headers=alice.auth,
        )
        assert response.status_code == 201, response.text
        assert response.json()["duration_seconds"] == seconds
    assert await open_bans(db) == 1


async def test_who_cannot_be_banned(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    alice = await register(client, ory, "alice")
    mod = await register(client, ory, "mod")
    other_mod = await register(client, ory, "othermod")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, mod, ["ban", "timeout"])
    await make_moderator(db, alice, other_mod, ["ban"])
    before = await written(db)
    cases: list[tuple[User, str, dict[str, object], int, str]] = [
        (alice, "/private/v1", {"user": "alice"}, 422, "cannot-ban-self"),
        (
            mod,
            "/private/v1",
            {"user": mod.account_id, "duration_seconds": 5},
            422,
            "cannot-ban-self",
        ),
        (mod, "/private/v1", {"user": "alice"}, 403, "cannot-ban-owner"),
        (boss, "/admin/v1", {"user": "alice", "duration_seconds": 60}, 403, "cannot-ban-owner"),
        (mod, "/private/v1", {"user": "othermod"}, 403, "cannot-ban-moderator"),
        (
            mod,
            "/private/v1",
            {"user": "othermod", "duration_seconds": 9},
            403,
            "cannot-ban-moderator",
        ),
        (alice, "/private/v1", {"user": "nobody"}, 404, "account-not-found"),
        (alice, "/private/v1", {"user": str(uuid.uuid4())}, 404, "account-not-found"),
    ]
    for actor, tier, body, status, code in cases:
        response = await client.post(path(tier), json=body, headers=actor.auth)
        assert (response.status_code, response.json()["type"]) == (status, PROBLEM + code), body
    missing = await client.post(
        path("/private/v1", "nowhere"), json={"user": "mod"}, headers=alice.auth
    )
    assert (missing.status_code, missing.json()["type"]) == (404, PROBLEM + "channel-not-found")
    assert await written(db) == before
    # the owner and staff may ban a moderator
    by_owner = await client.post(path("/private/v1"), json={"user": "othermod"}, headers=alice.auth)
    assert by_owner.status_code == 201, by_owner.text
    by_staff = await client.post(path("/admin/v1"), json={"user": "mod"}, headers=boss.auth)
    assert by_staff.status_code == 201, by_staff.text


# (who, tier) -> status of a ban and of a timeout
CASES = [
    ("anonymous", "/public/v1", 401, 401),
    ("anonymous", "/private/v1", 401, 401),
    ("anonymous", "/admin/v1", 401, 401),
    ("other user", "/private/v1", 403, 403),
    ("vip", "/private/v1", 403, 403),
    ("moderator with ban", "/private/v1", 201, 403),
    ("moderator with timeout", "/private/v1", 403, 201),
    ("moderator with neither", "/private/v1", 403, 403),
    ("owner", "/private/v1", 201, 201),
    ("owner", "/admin/v1", 403, 403),
    ("staff", "/admin/v1", 201, 201),
    ("staff", "/private/v1", 403, 403),
    ("owner token with moderation:write", "/public/v1", 201, 201),
    ("owner token without moderation:write", "/public/v1", 403, 403),
    ("moderator token with moderation:write", "/public/v1", 201, 201),
]


async def _people(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> dict[str, dict[str, str]]:
    alice = await register(client, ory, "alice")
    other = await register(client, ory, "other")
    vip = await register(client, ory, "vip")
    bans_mod = await register(client, ory, "bansmod")
    timeouts_mod = await register(client, ory, "timeoutsmod")
    neither = await register(client, ory, "neither")
    boss = await register(client, ory, "boss")
    await register(client, ory, "bob")
    await make_staff(db, boss)
    await db.execute(
        "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions, created_at)"
        " SELECT gen_random_uuid(), c.id, $1, 'vip', '{}', now() FROM channels c"
        " WHERE c.slug = 'alice'",
        uuid.UUID(vip.account_id),
    )
    await make_moderator(db, alice, bans_mod, ["ban", "delete_messages"])
    await make_moderator(db, alice, timeouts_mod, ["timeout"])
    await make_moderator(db, alice, neither, ["delete_messages", "manage_settings"])
    return {
        "anonymous": {},
        "other user": other.auth,
        "vip": vip.auth,
        "moderator with ban": bans_mod.auth,
        "moderator with timeout": timeouts_mod.auth,
        "moderator with neither": neither.auth,
        "owner": alice.auth,
        "staff": boss.auth,
        "owner token with moderation:write": await api_token(client, alice, "moderation:write"),
        "owner token without moderation:write": await api_token(
            client, alice, "channel:write", "chat:write"
        ),
        "moderator token with moderation:write": await api_token(
            client, bans_mod, "moderation:write"
        ),
    }


@pytest.mark.parametrize(("who", "tier", "ban_status", "timeout_status"), CASES)
async def test_who_may_ban_and_time_out(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    who: str,
    tier: str,
    ban_status: int,
    timeout_status: int,
) -> None:
    headers = (await _people(client, ory, db))[who]
    if who == "moderator token with moderation:write":
        timeout_status = 403  # acts as the moderator, who lacks ``timeout``
    for body, status in (
        ({"user": "bob", "duration_seconds": 60}, timeout_status),
        ({"user": "bob"}, ban_status),
    ):
        before = await written(db)
        response = await client.post(path(tier), json=body, headers=headers)
        assert response.status_code == status, (body, response.text)
        if status != 201:
            assert response.json()["type"].startswith(PROBLEM)
            assert await written(db) == before
            continue
        acting = await db.fetchval(
            "SELECT acting_as FROM channel_audit_log ORDER BY id DESC LIMIT 1"
        )
        expected = {"staff": "staff"}.get(who, "moderator" if "moderator" in who else "owner")
        assert acting == expected
        assert await open_bans(db) == 1


# (who, tier) -> status of an unban of a timeout, and of a ban
UNBAN_CASES = [
    ("anonymous", "/private/v1", 401, 401),
    ("other user", "/private/v1", 403, 403),
    ("vip", "/private/v1", 403, 403),
    ("moderator with ban", "/private/v1", 200, 200),
    ("moderator with timeout", "/private/v1", 200, 403),
    ("moderator with neither", "/private/v1", 403, 403),
    ("owner", "/private/v1", 200, 200),
    ("staff", "/admin/v1", 200, 200),
    ("owner token with moderation:write", "/public/v1", "absent", "absent"),
]


@pytest.mark.parametrize(("who", "tier", "of_timeout", "of_ban"), UNBAN_CASES)
async def test_who_may_unban(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    who: str,
    tier: str,
    of_timeout: int | str,
    of_ban: int | str,
) -> None:
    people = await _people(client, ory, db)
    for body, status in (
        ({"user": "bob", "duration_seconds": 600}, of_timeout),
        ({"user": "bob"}, of_ban),
    ):
        made = await client.post(path("/private/v1"), json=body, headers=people["owner"])
        assert made.status_code == 201
        before = await written(db)
        response = await client.delete(path(tier, user="bob"), headers=people[who])
        if status == "absent":
            assert response.status_code in (404, 405)
            assert response.json()["type"] in (
                PROBLEM + "not-found",
                PROBLEM + "method-not-allowed",
            )
        else:
            assert response.status_code == status, response.text
        if response.status_code != 200:
            assert await written(db) == before
            assert await open_bans(db) == 1
        else:
            assert await open_bans(db) == 0


# who -> status of reading the list (and one ban)
READERS = [
    ("anonymous", "/public/v1", 401),
    ("anonymous", "/private/v1", 401),
    ("other user", "/private/v1", 403),
    ("vip", "/private/v1", 403),
    ("moderator with neither", "/private/v1", 200),
    ("moderator with ban", "/private/v1", 200),
    ("owner", "/private/v1", 200),
    ("owner token without moderation:write", "/public/v1", 200),
    ("staff", "/admin/v1", 200),
    ("staff", "/private/v1", 403),
]


@pytest.mark.parametrize(("who", "tier", "status"), READERS)
async def test_who_may_read(
    client: Client, ory: FakeOry, db: asyncpg.Connection, who: str, tier: str, status: int
) -> None:
    people = await _people(client, ory, db)
    made = await client.post(path("/private/v1"), json={"user": "bob"}, headers=people["owner"])
    assert made.status_code == 201
    listed = await client.get(path(tier), headers=people[who])
    one = await client.get(path(tier, user="bob"), headers=people[who])
    assert (listed.status_code, one.status_code) == (status, status), listed.text
    if status == 200:
        assert [b["username"] for b in listed.json()["data"]] == ["bob"]
        assert one.json()["id"] == made.json()["id"]
    else:
        assert listed.json()["type"] == one.json()["type"]


async def test_timeouts_expire_on_their_own(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    carol = await register(client, ory, "carol")
    short = await client.post(
        path("/private/v1"), json={"user": "bob", "duration_seconds": 1}, headers=alice.auth
    )
    assert short.status_code == 201
    channel = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    past = datetime.now(UTC) - timedelta(hours=1)
    await db.execute(  # a timeout that ran out long ago and was never touched since
        "INSERT INTO chat_bans (id, channel_id, account_id, kind, expires_at, created_at)"
        " VALUES ($1, $2, $3, 'timeout', $4, $5)",
        uuid.uuid4(),
        channel,
        uuid.UUID(carol.account_id),
        past,
        past - timedelta(minutes=5),
    )
    listed = await client.get(path("/private/v1"), headers=alice.auth)
    assert [b["username"] for b in listed.json()["data"]] == ["bob"]
    await asyncio.sleep(1.1)
    assert (await client.get(path("/private/v1"), headers=alice.auth)).json()["data"] == []
    for name in ("bob", "carol"):
        one = await client.get(path("/private/v1", user=name), headers=alice.auth)
        assert (one.status_code, one.json()["type"]) == (404, PROBLEM + "ban-not-found")
        before = await written(db)
        lifted = await client.delete(path("/private/v1", user=name), headers=alice.auth)
        assert (lifted.status_code, lifted.json()["type"]) == (404, PROBLEM + "ban-not-found")
        assert await written(db) == before
    # a new ban closes the run-out row as of its expiry
    again = await client.post(path("/private/v1"), json={"user": "carol"}, headers=alice.auth)
    assert again.status_code == 201
    ended = await db.fetchrow(
        "SELECT ended_at, ended_by FROM chat_bans WHERE account_id = $1 AND kind = 'timeout'",
        uuid.UUID(carol.account_id),
    )
    assert ended is not None
    assert (ended["ended_at"], ended["ended_by"]) == (past, None)
    assert await open_bans(db) == 2  # bob's run-out timeout and carol's ban


async def test_a_new_ban_replaces_the_one_in_force(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    ids = []
    for body in ({"duration_seconds": 60}, {}, {"duration_seconds": 3600, "reason": "lighter"}):
        response = await client.post(
            path("/private/v1"), json={"user": "bob", **body}, headers=alice.auth
        )
        assert response.status_code == 201
        ids.append(response.json()["id"])
    listed = (await client.get(path("/private/v1"), headers=alice.auth)).json()["data"]
    assert [(b["id"], b["kind"], b["reason"]) for b in listed] == [(ids[2], "timeout", "lighter")]
    rows = await db.fetch("SELECT id, ended_at IS NULL AS open FROM chat_bans ORDER BY id")
    assert [(str(r["id"]), r["open"]) for r in rows] == [
        (ids[0], False),
        (ids[1], False),
        (ids[2], True),
    ]
    replaced = [p["replaced_ban_id"] for p in await payloads(db, "chat.user_banned")]
    assert replaced == [None, ids[0], ids[1]]


async def test_pages_newest_first(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    alice = await register(client, ory, "alice")
    names = [f"user{n}" for n in range(5)]
    for name in names:
        await register(client, ory, name)
        response = await client.post(path("/private/v1"), json={"user": name}, headers=alice.auth)
        assert response.status_code == 201
    seen: list[list[str]] = []
    after = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if after is not None:
            params["after"] = after
        page = await client.get(path("/private/v1"), params=params, headers=alice.auth)
        assert page.status_code == 200, page.text
        body = page.json()
        seen.append([b["username"] for b in body["data"]])
        after = body["next"]
        if after is None:
            break
    assert seen == [["user4", "user3"], ["user2", "user1"], ["user0"]]
    bad_params: list[dict[str, str | int]] = [{"limit": 0}, {"limit": 101}, {"after": "bad!"}]
    for params in bad_params:
        bad = await client.get(path("/private/v1"), params=params, headers=alice.auth)
        assert bad.status_code == 422, bad.text
        assert bad.json()["type"] in (PROBLEM + "validation", PROBLEM + "invalid")


async def test_concurrent_bans_leave_one_open_row(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    """Ten bans of one user at once, each in its own transaction on its own connection (the
    library, not the test client, which serves one request at a time): writers queue on the
    channel's lock, each replaces the previous one, exactly one row stays open."""
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    owner = Principal(PrincipalKind.USER, uuid.UUID(alice.account_id), Role.USER)
    async with Streamz.from_settings(settings) as streamz:
        results = await asyncio.gather(
            *(
                streamz.call(
                    BanUser, BanUserRequest(owner, "alice", "bob", None if n % 2 else 60 + n)
                )
                for n in range(10)
            ),
            return_exceptions=True,
        )
    assert [type(r).__name__ for r in results] == ["BannedAccount"] * 10
    assert await open_bans(db) == 1
    assert await db.fetchval("SELECT count(*) FROM chat_bans") == 10
    assert await db.fetchval("SELECT count(*) FROM channel_audit_log") == 10
    replaced = [p["replaced_ban_id"] for p in await payloads(db, "chat.user_banned")]
    assert len(replaced) == 10
    assert replaced.count(None) == 1  # every other one replaced the one before it
    listed = (await client.get(path("/private/v1"), headers=alice.auth)).json()["data"]
    assert len(listed) == 1
    # the partial unique index refuses a second open row whatever the code does
    row = await db.fetchrow("SELECT channel_id, account_id FROM chat_bans WHERE ended_at IS NULL")
    assert row is not None
    with pytest.raises(asyncpg.UniqueViolationError):
        await db.execute(
            "INSERT INTO chat_bans (id, channel_id, account_id, kind, created_at)"
            " VALUES ($1, $2, $3, 'ban', now())",
            uuid.uuid4(),
            row["channel_id"],
            row["account_id"],
        )
    with pytest.raises(asyncpg.CheckViolationError):  # a timeout must expire, a ban must not
        await db.execute(
            "INSERT INTO chat_bans (id, channel_id, account_id, kind, created_at, ended_at)"
            " VALUES ($1, $2, $3, 'timeout', now(), now())",
            uuid.uuid4(),
            row["channel_id"],
            row["account_id"],
        )

"""Blocked terms through HTTP on every tier, and the CLI (Internal tier)."""

from __future__ import annotations

import json

import asyncpg
import pytest
from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app
from tests.fakes.ory import FakeOry
from tests.integration.about.helpers import PROBLEM
from tests.integration.conftest import Client, api_token, make_moderator, make_staff, register

TIERS = ("/public/v1", "/private/v1", "/admin/v1")


def path(tier: str, channel: str = "alice") -> str:
    return f"{tier}/channels/{channel}/chatroom/blocked-terms"


async def written(db: asyncpg.Connection) -> tuple[int, int, int, int]:
    """Rows of terms, versions, audit entries and outbox events: to check nothing was written."""
    counts = []
    for table in (
        "chat_blocked_terms",
        "chat_blocked_terms_versions",
        "channel_audit_log",
        "outbox",
    ):
        value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
        counts.append(int(value))
    return counts[0], counts[1], counts[2], counts[3]


async def test_lifecycle_on_every_tier(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    token = await api_token(client, alice, "moderation:write")
    writers = {"/public/v1": token, "/private/v1": alice.auth, "/admin/v1": boss.auth}
    ids = {}
    for tier, term in zip(TIERS, ("  B4D*  ", "*w0rd*", "exact term"), strict=True):
        created = await client.post(path(tier), json={"term": term}, headers=writers[tier])
        assert created.status_code == 201, created.text
        ids[tier] = created.json()["id"]
    for tier in TIERS:  # anyone may read (anonymously on Public)
        readers = {"/public/v1": {}, "/private/v1": alice.auth, "/admin/v1": boss.auth}
        listed = await client.get(path(tier), headers=readers[tier])
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert [t["term"] for t in body["data"]] == ["B4D*", "*w0rd*", "exact term"]
        assert [t["normalised"] for t in body["data"]] == ["bad*", "*word*", "exact term"]
        assert body["version"] == 3
    deleted = await client.delete(f"{path('/admin/v1')}/{ids['/private/v1']}", headers=boss.auth)
    assert deleted.status_code == 204
    deleted = await client.delete(f"{path('/private/v1')}/{ids['/public/v1']}", headers=alice.auth)
    assert deleted.status_code == 204
    remaining = (await client.get(path("/public/v1"))).json()
    assert ([t["id"] for t in remaining["data"]], remaining["version"]) == ([ids["/admin/v1"]], 5)
    rows = await db.fetch("SELECT action, acting_as FROM channel_audit_log ORDER BY id")
    assert [(r["action"], r["acting_as"]) for r in rows] == [
        ("chat.blocked_term_added", "owner"),
        ("chat.blocked_term_added", "owner"),
        ("chat.blocked_term_added", "staff"),
        ("chat.blocked_term_removed", "staff"),
        ("chat.blocked_term_removed", "owner"),
    ]
    events = await db.fetch(
        "SELECT payload FROM outbox WHERE topic = 'chatroom.blocked_terms_updated' ORDER BY id"
    )
    chatroom = await db.fetchval(
        "SELECT c.id FROM chatrooms c JOIN channels ch ON ch.id = c.channel_id"
        " WHERE ch.slug = 'alice'"
    )
    payloads = [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in events
    ]
    assert [p["version"] for p in payloads] == [1, 2, 3, 4, 5]
    assert {p["chatroom_id"] for p in payloads} == {str(chatroom)}


async def test_public_tier_cannot_delete(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    token = await api_token(client, alice, "moderation:write")
    created = await client.post(path("/public/v1"), json={"term": "nope"}, headers=token)
    assert created.status_code == 201
    response = await client.delete(f"{path('/public/v1')}/{created.json()['id']}", headers=token)
    assert response.status_code in (404, 405)
    assert await db.fetchval("SELECT count(*) FROM chat_blocked_terms") == 1


@pytest.mark.parametrize(
    "body",
    [
        {"term": "x"},
        {"term": "   "},
        {"term": ""},
        {"term": "b*d"},
        {"term": "***"},
        {"term": "!?"},
        {"term": "x" * 501},
        {"term": 5},
        {"word": "bad"},
    ],
)
async def test_bad_terms_are_422_and_nothing_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, body: dict[str, object]
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    response = await client.post(path("/private/v1"), json=body, headers=alice.auth)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] in (PROBLEM + "invalid", PROBLEM + "validation")
    assert await written(db) == before


async def test_duplicates_limit_and_unknown_ids(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    first = await client.post(path("/private/v1"), json={"term": "Bad Word"}, headers=alice.auth)
    assert first.status_code == 201
    before = await written(db)
    duplicate = await client.post(
        path("/private/v1"), json={"term": "b4d-w0rd!"}, headers=alice.auth
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["type"] == PROBLEM + "blocked-term-exists"
    assert await written(db) == before
    channel = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    await db.executemany(
        "INSERT INTO chat_blocked_terms (id, channel_id, term, normalised, created_at)"
        " VALUES (gen_random_uuid(), $1, $2, $2, now())",
        [(channel, f"filler{n}") for n in range(999)],
    )
    before = await written(db)
    over = await client.post(path("/private/v1"), json={"term": "one more"}, headers=alice.auth)
    assert over.status_code == 409
    assert over.json()["type"] == PROBLEM + "blocked-term-limit-reached"
    assert "1000" in over.json()["detail"]
    foreign = await client.post(path("/private/v1", "bob"), json={"term": "x y"}, headers=bob.auth)
    before = await written(db)
    response = await client.delete(
        f"{path('/private/v1')}/{foreign.json()['id']}", headers=alice.auth
    )
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM + "blocked-term-not-found"
    missing = await client.get(path("/public/v1", "nobody"))
    assert missing.json()["type"] == PROBLEM + "channel-not-found"
    assert await written(db) == before


# (who, tier) -> expected status of a create
CASES = [
    ("anonymous", "/public/v1", 401),
    ("anonymous", "/private/v1", 401),
    ("anonymous", "/admin/v1", 401),
    ("other user", "/private/v1", 403),
    ("other user", "/admin/v1", 403),
    ("moderator without manage_terms_emotes", "/private/v1", 403),
    ("moderator with manage_terms_emotes", "/private/v1", 201),
    ("owner", "/private/v1", 201),
    ("owner", "/public/v1", 201),
    ("owner", "/admin/v1", 403),
    ("staff", "/admin/v1", 201),
    ("staff", "/private/v1", 403),
    ("owner token with moderation:write", "/public/v1", 201),
    ("owner token without moderation:write", "/public/v1", 403),
]


@pytest.mark.parametrize(("who", "tier", "status"), CASES)
async def test_who_may_write(
    client: Client, ory: FakeOry, db: asyncpg.Connection, who: str, tier: str, status: int
) -> None:
    alice = await register(client, ory, "alice")
    other = await register(client, ory, "other")
    weak = await register(client, ory, "weak")
    mod = await register(client, ory, "mod")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, weak, ["ban", "manage_settings"])
    await make_moderator(db, alice, mod, ["manage_terms_emotes"])
    headers = {
        "anonymous": {},
        "other user": other.auth,
        "moderator without manage_terms_emotes": weak.auth,
        "moderator with manage_terms_emotes": mod.auth,
        "owner": alice.auth,
        "staff": boss.auth,
        "owner token with moderation:write": await api_token(client, alice, "moderation:write"),
        "owner token without moderation:write": await api_token(client, alice, "channel:write"),
    }[who]
    before = await written(db)
    created = await client.post(path(tier), json={"term": "blocked"}, headers=headers)
    assert created.status_code == status, created.text
    if status != 201:
        assert created.json()["type"].startswith(PROBLEM)
        assert await written(db) == before
        return
    acting = await db.fetch("SELECT DISTINCT acting_as, action FROM channel_audit_log")
    expected = {"staff": "staff", "moderator with manage_terms_emotes": "moderator"}.get(
        who, "owner"
    )
    assert [(r["acting_as"], r["action"]) for r in acting] == [
        (expected, "chat.blocked_term_added")
    ]
    if tier != "/public/v1":
        removed = await client.delete(f"{path(tier)}/{created.json()['id']}", headers=headers)
        assert removed.status_code == 204


runner = CliRunner()


def test_terms_from_the_command_line(cli_env: None) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    added = runner.invoke(app, ["channels", "terms", "add", "alice", "*bad*"])
    assert added.exit_code == 0, added.output
    term_id = json.loads(added.stdout)["id"]
    listed = runner.invoke(app, ["channels", "terms", "list", "alice"])
    assert [t["normalised"] for t in json.loads(listed.stdout)["data"]] == ["*bad*"]
    duplicate = runner.invoke(app, ["channels", "terms", "add", "alice", "*BAD*"])
    assert duplicate.exit_code == 1
    assert "blocked-term-exists" in duplicate.stderr
    assert runner.invoke(app, ["channels", "terms", "remove", "alice", "nope"]).exit_code == 2
    removed = runner.invoke(app, ["channels", "terms", "remove", "alice", term_id])
    assert removed.exit_code == 0, removed.output
    after = json.loads(runner.invoke(app, ["channels", "terms", "list", "alice"]).stdout)
    assert (after["data"], after["version"]) == ([], 2)

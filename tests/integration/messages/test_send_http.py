"""Sending through the Public and Private APIs: who may, bad input, and every enforcement rule
with its own problem type, in order, against the real servers."""

from __future__ import annotations

import asyncpg

from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.blocked_terms.create_term import CreateTerm, CreateTermRequest
from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, Client, api_token, count, register
from tests.integration.messages.helpers import PROBLEM, SYSTEM, as_system, room

PRIVATE = "/private/v1"
PUBLIC = "/public/v1"


async def _settings(
    client: Client, owner_auth: dict[str, str], slug: str, **changes: object
) -> None:
    response = await client.patch(
        f"{PRIVATE}{room(slug)}/settings", json=changes, headers=owner_auth
    )
    assert response.status_code == 200, response.text


async def test_send_on_private_and_public_with_fragments(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    sent = await client.post(
        f"{PRIVATE}{room('owner')}/messages",
        json={"content": "hi @owner see example.com"},
        headers=fan.auth,
    )
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["seq"] == 1
    assert body["author"]["username"] == "fan"
    assert body["mentions"] == [owner.account_id]
    assert [f["kind"] for f in body["fragments"]] == ["text", "mention", "text", "link"]
    token = await api_token(client, fan, "chat:write")
    public = await client.post(
        f"{PUBLIC}{room('owner')}/messages", json={"content": "from a bot"}, headers=token
    )
    assert public.status_code == 201, public.text
    assert public.json()["seq"] == 2
    reply = await client.post(
        f"{PRIVATE}{room('owner')}/messages",
        json={"content": "answer", "reply_to": body["id"]},
        headers=owner.auth,
    )
    assert reply.json()["thread_id"] == body["id"]
    seqs = [r["seq"] for r in await db.fetch("SELECT seq FROM chat_messages ORDER BY seq")]
    assert seqs == [1, 2, 3]
    topics = await db.fetch("SELECT topic FROM outbox WHERE topic = 'chat.message_sent'")
    assert len(topics) == 3


async def test_who_may_send(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    path = f"{room('owner')}/messages"
    anonymous = await client.post(f"{PUBLIC}{path}", json={"content": "hi"})
    assert anonymous.status_code == 401
    unscoped = await api_token(client, fan, "channel:write")
    refused = await client.post(f"{PUBLIC}{path}", json={"content": "hi"}, headers=unscoped)
    assert refused.status_code == 403
    assert refused.json()["type"] == PROBLEM + "forbidden"
    admin = await client.post(f"/admin/v1{path}", json={"content": "hi"}, headers=fan.auth)
    assert admin.status_code in {404, 405}
    assert await count(db, "chat_messages") == 0


async def test_bad_input_is_a_problem_and_writes_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "owner")
    await register(client, ory, "other")
    fan = await register(client, ory, "fan")
    path = f"{PRIVATE}{room('owner')}/messages"
    elsewhere = await client.post(
        f"{PRIVATE}{room('other')}/messages", json={"content": "there"}, headers=fan.auth
    )
    cases = [
        ({"content": ""}, 422, "validation"),
        ({"content": "   "}, 422, "invalid"),
        ({"content": "x" * 501}, 422, "invalid"),
        ({"content": "nul\u0000"}, 422, "invalid"),
        ({"content": "hi", "reply_to": "not-a-uuid"}, 422, "validation"),
        ({"content": "hi", "extra": 1}, 422, "validation"),
        ({"content": "hi", "reply_to": fan.account_id}, 404, "reply-target-not-found"),
        ({"content": "hi", "reply_to": elsewhere.json()["id"]}, 422, "reply-across-rooms"),
    ]
    for body, status, code in cases:
        response = await client.post(path, json=body, headers=fan.auth)
        assert response.status_code == status, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        if code:
            assert response.json()["type"] == PROBLEM + code
    unknown = await client.post(
        f"{PRIVATE}{room('nobody')}/messages", json={"content": "hi"}, headers=fan.auth
    )
    assert unknown.status_code == 404
    assert await count(db, "chat_messages") == 1
    assert await db.fetchval("SELECT count(*) FROM chatroom_sequences WHERE last_seq > 0") == 1


async def test_each_rule_has_its_problem_type(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    path = f"{PRIVATE}{room('owner')}/messages"

    async def refused(content: str, code: str, status: int) -> dict[str, object]:
        response = await client.post(path, json={"content": content}, headers=fan.auth)
        assert response.status_code == status, response.text
        body: dict[str, object] = response.json()
        assert body["type"] == PROBLEM + code
        return body

    await _settings(client, owner.auth, "owner", followers_only=0)
    await refused("hi", "chat-followers-only", 403)
    follow = await client.put("/private/v1/me/follows/channels/owner", headers=fan.auth)
    assert follow.status_code in {200, 201}, follow.text
    await _settings(client, owner.auth, "owner", followers_only=None, subscribers_only=True)
    await refused("hi", "chat-subscribers-only", 403)
    await _settings(client, owner.auth, "owner", subscribers_only=False, emote_only=True)
    await refused("hi", "chat-emote-only", 403)
    await _settings(client, owner.auth, "owner", emote_only=False, verified_email_required=True)
    await refused("hi", "chat-email-not-verified", 403)
    await _settings(
        client, owner.auth, "owner", verified_email_required=False, min_account_age_minutes=60
    )
    await refused("hi", "chat-account-too-new", 403)
    await _settings(client, owner.auth, "owner", min_account_age_minutes=0, unique_chat=True)
    first = await client.post(path, json={"content": "copy pasta"}, headers=owner.auth)
    assert first.status_code == 201
    await refused("COPY  pasta", "chat-duplicate-message", 409)
    await _settings(client, owner.auth, "owner", unique_chat=False, slow_mode_seconds=60)
    assert (await client.post(path, json={"content": "one"}, headers=fan.auth)).status_code == 201
    slow = await client.post(path, json={"content": "two"}, headers=fan.auth)
    assert slow.status_code == 429
    assert slow.json()["type"] == PROBLEM + "chat-slow-mode"
    assert 1 <= int(slow.headers["retry-after"]) <= 60
    await _settings(client, owner.auth, "owner", slow_mode_seconds=0, links_allowed=False)
    await as_system(settings, CreateTerm, CreateTermRequest(SYSTEM, "owner", "badword"))
    await refused("a b4dw0rd at evil.com", "chat-blocked-term", 403)
    await refused("see evil.com", "chat-links-not-allowed", 403)
    await as_system(settings, BanUser, BanUserRequest(SYSTEM, "owner", "fan", 600, "spam"))
    timed_out = await refused("badword", "chat-timed-out", 403)
    assert "until" in timed_out
    await as_system(settings, BanUser, BanUserRequest(SYSTEM, "owner", "fan"))
    await refused("badword", "chat-banned", 403)
    assert await count(db, "chat_messages") == 2  # the owner's and "one"


async def test_verified_email_from_ory_lets_the_user_chat(client: Client, ory: FakeOry) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    await _settings(client, owner.auth, "owner", verified_email_required=True)
    path = f"{PRIVATE}{room('owner')}/messages"
    assert (await client.post(path, json={"content": "hi"}, headers=fan.auth)).status_code == 403
    hook = await client.post(
        "/internal/webhooks/ory/verification",
        json={
            "identity": {
                "id": fan.identity_id,
                "traits": {"username": "fan", "email": "fan@example.com"},
                "verifiable_addresses": [
                    {"value": "fan@example.com", "verified": True, "via": "email"}
                ],
            }
        },
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    assert hook.status_code == 200, hook.text
    assert hook.json()["email_verified"] is True
    assert (await client.post(path, json={"content": "hi"}, headers=fan.auth)).status_code == 201


async def test_rate_limit_through_http(client: Client, ory: FakeOry) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    await _settings(client, owner.auth, "owner", rate_limit_messages=3)
    path = f"{PRIVATE}{room('owner')}/messages"
    statuses = [
        (await client.post(path, json={"content": f"m{n}"}, headers=fan.auth)).status_code
        for n in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    limited = await client.post(path, json={"content": "again"}, headers=fan.auth)
    assert limited.json()["type"] == PROBLEM + "chat-rate-limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 30

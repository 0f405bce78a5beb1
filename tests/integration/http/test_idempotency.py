"""``Idempotency-Key`` on the HTTP API, against the real servers: a retried send is answered
again without a second message, the same key for another request is 422, concurrent duplicates
make one message, a key is per account, answers are kept sealed, and work committed by a
process that died before answering is never done again."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis

from streamz.adapters.postgres.idempotency import PostgresIdempotencyStore
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, api_token, count, register
from tests.integration.gateway.support import free_port
from tests.integration.messages.helpers import PROBLEM, room

PRIVATE = "/private/v1"
PUBLIC = "/public/v1"
SEND = f"{PRIVATE}{room('owner')}/messages"


def keyed(user: User | dict[str, str], key: str) -> dict[str, str]:
    auth = user.auth if isinstance(user, User) else user
    return {**auth, "Idempotency-Key": key}


async def messages(db: asyncpg.Connection) -> list[str]:
    return [r["content"] for r in await db.fetch("SELECT content FROM chat_messages ORDER BY seq")]


async def test_a_retried_send_answers_the_first_message_again(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    key = str(uuid.uuid4())
    first = await client.post(SEND, json={"content": "hello once"}, headers=keyed(fan, key))
    again = await client.post(SEND, json={"content": "hello once"}, headers=keyed(fan, key))
    assert first.status_code == again.status_code == 201, again.text
    assert again.content == first.content  # the same bytes
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert await messages(db) == ["hello once"]
    assert await count(db, "outbox WHERE topic = 'chat.message_sent'") == 1
    # kept sealed: neither the key nor the content can be read from the table
    [row] = await db.fetch("SELECT id, status, answer FROM idempotency_keys")
    assert row["status"] == 201
    assert key not in row["id"]
    assert b"hello once" not in row["answer"]
    assert await count(db, "chat_message_keys") == 1
    # without a key, the same send is a new message
    plain = await client.post(SEND, json={"content": "hello once"}, headers=fan.auth)
    assert plain.status_code == 201
    assert plain.json()["id"] != first.json()["id"]


async def test_the_same_key_for_another_request_is_422_and_writes_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "owner")
    await register(client, ory, "other")
    fan = await register(client, ory, "fan")
    key = "retry-me-1"
    assert (await client.post(SEND, json={"content": "a"}, headers=keyed(fan, key))).is_success
    other_room = f"{PRIVATE}{room('other')}/messages"
    for url, body in [(SEND, {"content": "b"}), (other_room, {"content": "a"})]:
        reused = await client.post(url, json=body, headers=keyed(fan, key))
        assert reused.status_code == 422, reused.text
        problem = reused.json()
        assert problem["type"] == PROBLEM + "idempotency-key-reused"
        assert problem["errors"][0]["field"] == "header.Idempotency-Key"
    assert await messages(db) == ["a"]


@pytest.mark.parametrize(
    "key", ["", "x" * 256, "tab\there", "line\x7f"], ids=["empty", "long", "tab", "del"]
)
async def test_a_malformed_key_is_400_and_writes_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection, key: str
) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    response = await client.post(SEND, json={"content": "x"}, headers=keyed(fan, key))
    assert response.status_code == 400, response.text
    assert response.json()["type"] == PROBLEM + "invalid-idempotency-key"
    assert await messages(db) == []
    assert await count(db, "idempotency_keys") == 0


async def test_keys_are_per_account_and_per_route(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    key = "shared-key"
    mine = await client.post(SEND, json={"content": "same"}, headers=keyed(fan, key))
    theirs = await client.post(SEND, json={"content": "same"}, headers=keyed(owner, key))
    token = await api_token(client, fan, "chat:write")
    public = await client.post(
        f"{PUBLIC}{room('owner')}/messages", json={"content": "same"}, headers=keyed(token, key)
    )
    for response in (mine, theirs, public):
        assert response.status_code == 201, response.text
        assert "idempotent-replayed" not in response.headers
    assert len({r.json()["id"] for r in (mine, theirs, public)}) == 3
    assert await messages(db) == ["same", "same", "same"]


async def test_concurrent_duplicates_make_one_message(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    headers = keyed(fan, "burst")
    answers = await asyncio.gather(
        *(client.post(SEND, json={"content": "only one"}, headers=headers) for _ in range(5))
    )
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {201, 409}, [a.text for a in answers]
    assert 201 in statuses
    ids = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(ids) == 1
    for busy in (a for a in answers if a.status_code == 409):
        assert busy.json()["type"] == PROBLEM + "idempotency-key-in-progress"
        assert busy.headers["retry-after"] == "1"
    assert await messages(db) == ["only one"]
    settled = await client.post(SEND, json={"content": "only one"}, headers=headers)
    assert settled.status_code == 201
    assert settled.json()["id"] in ids
    assert settled.headers["idempotent-replayed"] == "true"


async def test_client_errors_are_kept_and_server_errors_are_not(
    client: Client, ory: FakeOry, db: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    blank = keyed(fan, "blank")
    first = await client.post(SEND, json={"content": "   "}, headers=blank)
    assert first.status_code == 422
    again = await client.post(SEND, json={"content": "   "}, headers=blank)
    assert (again.status_code, again.content) == (422, first.content)
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.headers["idempotent-replayed"] == "true"

    # a server error is not kept: the retry does the work
    from streamz.adapters.postgres.messages import PostgresMessages

    real = PostgresMessages.append

    async def broken(self: PostgresMessages, message: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(PostgresMessages, "append", broken)
    flaky = keyed(fan, "flaky")
    assert (await client.post(SEND, json={"content": "later"}, headers=flaky)).status_code == 500
    monkeypatch.setattr(PostgresMessages, "append", real)
    retried = await client.post(SEND, json={"content": "later"}, headers=flaky)
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers
    assert await messages(db) == ["later"]


async def test_the_key_is_committed_with_the_message(
    client: Client, ory: FakeOry, db: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer is lost after the commit (storing it fails): the key was written in the
    send's transaction, so the retry answers the same message, not a new one."""
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")

    async def lost(self: PostgresIdempotencyStore, record: Any) -> None:
        raise ConnectionResetError("the process died here")

    monkeypatch.setattr(PostgresIdempotencyStore, "complete", lost)
    headers = keyed(fan, "lost-answer")
    first = await client.post(SEND, json={"content": "once"}, headers=headers)
    assert first.status_code == 201
    [row] = await db.fetch("SELECT status FROM idempotency_keys")
    assert row["status"] is None  # reserved with the message, never answered
    monkeypatch.undo()
    retry = await client.post(SEND, json={"content": "once"}, headers=headers)
    assert retry.status_code == 201, retry.text
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert await messages(db) == ["once"]
    assert await db.fetchval("SELECT status FROM idempotency_keys") == 201


_DIE_AFTER_COMMIT = """
import json, os, signal, sys

import uvicorn

from streamz.adapters.postgres import unit
from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings

real_commit = unit.PostgresUnit.commit


async def commit_then_die(self):
    wrote = self._transaction is not None
    await real_commit(self)
    if wrote:  # the send is durable; the process dies before anyone hears of it
        os.kill(os.getpid(), signal.SIGKILL)


unit.PostgresUnit.commit = commit_then_die
settings = Settings.from_env(json.loads(sys.argv[1]))
app = create_app(settings, make_container(settings))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_config=None, access_log=False)
"""


async def test_a_send_committed_by_a_killed_process_is_not_sent_again(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    port = free_port()
    values = settings.as_env()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _DIE_AFTER_COMMIT,
        json.dumps(values),
        str(port),
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            deadline = time.monotonic() + 30
            while True:
                assert process.returncode is None, "the server exited"
                try:
                    if (await http.get("/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                await asyncio.sleep(0.1)
            headers = keyed(fan, "killed")
            with pytest.raises(httpx.TransportError):  # no answer: the process is gone
                await http.post(SEND, json={"content": "durable"}, headers=headers)
        assert await asyncio.wait_for(process.wait(), 10) == -signal.SIGKILL
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert await messages(db) == ["durable"]
    headers = keyed(fan, "killed")
    # the dead process still holds the key until its mark expires
    busy = await client.post(SEND, json={"content": "durable"}, headers=headers)
    assert busy.status_code == 409
    assert busy.json()["type"] == PROBLEM + "idempotency-key-in-progress"
    redis = Redis.from_url(settings.redis.url or "")
    await redis.delete(*[k async for k in redis.scan_iter("streamz:idem:*")])  # it expired
    await redis.aclose()
    retry = await client.post(SEND, json={"content": "durable"}, headers=headers)
    assert retry.status_code == 201, retry.text
    assert retry.json()["content"] == "durable"
    assert retry.headers["idempotent-replayed"] == "true"
    assert await messages(db) == ["durable"]
    assert await count(db, "outbox WHERE topic = 'chat.message_sent'") == 1


async def test_other_creates_are_done_once(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    panel = {"title": "About", "body": "hi"}
    panels = "/private/v1/channels/alice/panels"
    made = [await client.post(panels, json=panel, headers=keyed(alice, "p1")) for _ in range(2)]
    assert [m.status_code for m in made] == [201, 201]
    assert made[1].content == made[0].content
    assert await count(db, "channel_panels") == 1

    tokens = "/private/v1/me/tokens"
    body = {"name": "bot", "scopes": ["chat:write"]}
    created = [await client.post(tokens, json=body, headers=keyed(alice, "t1")) for _ in range(2)]
    assert created[1].status_code == 201, created[1].text
    assert created[1].json()["secret"] == created[0].json()["secret"]
    assert await count(db, "api_tokens") == 1
    secret = created[0].json()["secret"].encode()
    answers = await db.fetch("SELECT answer FROM idempotency_keys")
    assert all(secret not in r["answer"] for r in answers)  # sealed

    # an upload retried with a new multipart boundary is the same request
    from tests.unit.media.images import png

    async def badge() -> httpx.Response:
        return await client.post(
            "/private/v1/channels/alice/badges",
            data={"months": "1"},
            files={"image": ("badge.png", png(32), "image/png")},
            headers=keyed(alice, "b1"),
        )

    first, again = await badge(), await badge()
    assert first.status_code == 201, first.text
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    assert await count(db, "channel_badges") == 1


async def test_a_create_whose_answer_was_lost_is_not_done_again(
    client: Client, ory: FakeOry, db: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a way to find what it did, the retry is refused at commit, not done twice."""
    alice = await register(client, ory, "alice")

    async def lost(self: PostgresIdempotencyStore, record: Any) -> None:
        raise ConnectionResetError("the process died here")

    monkeypatch.setattr(PostgresIdempotencyStore, "complete", lost)
    url, panel, headers = "/private/v1/channels/alice/panels", {"title": "A"}, keyed(alice, "p")
    assert (await client.post(url, json=panel, headers=headers)).status_code == 201
    monkeypatch.undo()
    retry = await client.post(url, json=panel, headers=headers)
    assert retry.status_code == 409, retry.text
    assert retry.json()["type"] == PROBLEM + "idempotency-key-in-progress"
    assert await count(db, "channel_panels") == 1
    assert await db.fetchval("SELECT status FROM idempotency_keys") is None  # not kept


async def test_the_header_is_documented(client: Client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for path, method in [
        ("/private/v1/channels/{identifier}/chatroom/messages", "post"),
        ("/public/v1/channels/{identifier}/chatroom/messages", "post"),
        ("/private/v1/me/tokens", "post"),
        ("/public/v1/channels/{identifier}/panels", "post"),
    ]:
        operation = schema["paths"][path][method]
        [header] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header"
        assert header["required"] is False
        assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]
    listing = schema["paths"]["/private/v1/channels/{identifier}/chatroom/messages"]["get"]
    assert all(p["name"] != "Idempotency-Key" for p in listing.get("parameters", []))


async def test_expired_keys_are_swept_and_their_messages_stay(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    from streamz.core.idempotency.sweep_keys import (
        SweepIdempotencyKeys,
        SweepIdempotencyKeysRequest,
    )
    from streamz.core.identity.entities import Principal
    from streamz.library import Streamz

    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    for key in ("old", "new"):
        sent = await client.post(SEND, json={"content": key}, headers=keyed(fan, key))
        assert sent.status_code == 201
    await db.execute(
        "UPDATE idempotency_keys SET created_at = created_at - interval '25 hours',"
        " expires_at = expires_at - interval '25 hours'"
        " WHERE created_at = (SELECT min(created_at) FROM idempotency_keys)"
    )
    await db.execute(
        "UPDATE chat_message_keys SET created_at = created_at - interval '25 hours'"
        " WHERE created_at = (SELECT min(created_at) FROM chat_message_keys)"
    )
    async with Streamz.from_settings(settings) as lib:
        request = SweepIdempotencyKeysRequest(Principal.system())
        assert await lib.call(SweepIdempotencyKeys, request) == 2
        assert await lib.call(SweepIdempotencyKeys, request) == 0
    assert await count(db, "idempotency_keys") == 1
    assert await count(db, "chat_message_keys") == 1
    assert await messages(db) == ["old", "new"]
    # the expired key is free again: a new message
    reused = await client.post(SEND, json={"content": "old"}, headers=keyed(fan, "old"))
    assert reused.status_code == 201
    assert "idempotent-replayed" not in reused.headers
    assert await messages(db) == ["old", "new", "old"]

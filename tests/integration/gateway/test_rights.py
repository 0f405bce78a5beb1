"""Rights taken away reach open connections within moments, on every instance: a revoked API
token closes its sockets 4001, a staff account demoted to user stops moderating over its open
socket, and a removed moderator gets the viewers' view again."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.conftest import Client as HttpClient
from tests.integration.conftest import api_token, make_staff
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 4.0) -> float:
    """How long ``check`` took to hold (it must within ``seconds``)."""
    start = time.monotonic()
    while not await check():
        assert time.monotonic() - start < seconds, "not within the time allowed"
    return time.monotonic() - start


async def test_a_revoked_api_token_closes_its_open_sockets(
    a: Instance, b: Instance, people: People, client: HttpClient
) -> None:
    created = await client.post(
        "/private/v1/me/tokens", json={"name": "bot", "scopes": ["chat:write"]},
        headers=people.fan.auth,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    secret, token_id = created.json()["secret"], created.json()["token"]["id"]
    bot = await Client.open(b.ws, secret)
    await bot.recv()
    sent = await bot.answer({"type": "send", "chatroom": "owner", "content": "beep"})
    assert sent["type"] == "ack"
    async with httpx.AsyncClient(base_url=a.url) as http:
        revoked = await http.delete(f"/private/v1/me/tokens/{token_id}", headers=people.fan.auth)
    assert revoked.status_code == 200, revoked.text
    start = time.monotonic()
    code, reason = await bot.closed(5)  # without sending anything: the control topic
    assert code == 4001
    assert reason.startswith("invalid-token")
    assert time.monotonic() - start < 3
    error = next(f for f in bot.frames if f.get("type") == "error")
    assert error["problem"]["type"] == PROBLEM + "invalid-token"


async def test_a_demoted_staff_account_stops_moderating_over_its_open_socket(
    a: Instance, b: Instance, people: People, db: object
) -> None:
    import asyncpg

    assert isinstance(db, asyncpg.Connection)
    await make_staff(db, people.other)
    staff = await Client.open(b.ws, people.other.token)
    await staff.recv()
    fan = await Client.open(a.ws, people.fan.token)
    await fan.recv()

    async def fan_message() -> str:
        sent = await fan.answer({"type": "send", "chatroom": "owner", "content": "hi"})
        assert sent["type"] == "ack", sent
        return str(sent["message"]["id"])

    first = await staff.answer(
        {"type": "delete", "chatroom": "owner", "message_id": await fan_message()}
    )
    assert first["type"] == "ack"
    await make_staff(db, people.owner)  # the owner is staff too, and demotes the other
    async with httpx.AsyncClient(base_url=a.url) as http:
        demoted = await http.put(
            f"/admin/v1/accounts/{people.other.account_id}/role",
            json={"role": "user"},
            headers=people.owner.auth,
        )
    assert demoted.status_code == 200, demoted.text

    async def refused() -> bool:
        answer = await staff.answer(
            {"type": "delete", "chatroom": "owner", "message_id": await fan_message()}
        )
        return bool(
            answer["type"] == "error" and answer["problem"]["type"] == PROBLEM + "forbidden"
        )

    assert await eventually(refused) < 3


async def test_a_removed_moderator_gets_the_viewers_view(
    a: Instance, b: Instance, people: People
) -> None:
    async with httpx.AsyncClient(base_url=a.url) as http:
        made = await http.post(
            "/private/v1/channels/owner/moderators", json={"account": "fan"},
            headers=people.owner.auth,
        )  # fmt: skip
        assert made.status_code == 201, made.text
        mod = await Client.open(b.ws, people.fan.token, max_queue=None)
        await mod.recv()
        await mod.subscribe("chatroom:owner")
        ban = await a.post(f"{ROOM}/bans", {"user": "other", "reason": "r1"}, people.owner.auth)
        assert ban.status_code == 201
        assert (await mod.event("chat.user_banned"))["data"]["reason"] == "r1"
        removed = await http.delete(
            "/private/v1/channels/owner/moderators/fan", headers=people.owner.auth
        )
        assert removed.status_code == 200, removed.text
        lifted = await http.delete(f"{ROOM}/bans/other", headers=people.owner.auth)
        assert lifted.status_code == 200

    async def viewer_view() -> bool:
        again = await a.post(f"{ROOM}/bans", {"user": "other", "reason": "r2"}, people.owner.auth)
        assert again.status_code == 201
        event = await mod.event("chat.user_banned")
        async with httpx.AsyncClient(base_url=a.url) as http:
            await http.delete(f"{ROOM}/bans/other", headers=people.owner.auth)
        return "reason" not in event["data"]

    assert await eventually(viewer_view) < 3
    refused = await mod.answer({"type": "delete", "chatroom": "owner", "message_id": str(
        (await a.post(f"{ROOM}/messages", {"content": "mine"}, people.owner.auth)).json()["id"]
    )})  # fmt: skip
    assert refused["problem"]["type"] == PROBLEM + "forbidden"


async def test_api_token_reads_keep_their_scope_on_the_socket(
    a: Instance, people: People, client: HttpClient
) -> None:
    """A token without ``chat:write`` still cannot send on a socket opened with it."""
    headers = await api_token(client, people.fan, "channel:write")
    reader = await Client.open(a.ws, headers["Authorization"].split()[1])
    await reader.recv()
    refused = await reader.answer({"type": "send", "chatroom": "owner", "content": "no"})
    assert refused["type"] == "error"

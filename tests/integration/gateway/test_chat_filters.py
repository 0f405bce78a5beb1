"""Chat filters through the websocket ``send`` frame: blocked terms spelt with look-alike,
spaced or stretched letters, links a browser would open (or written to dodge the filter) when
links are off, and unique chat against invisible characters and trailing punctuation. Each
refusal is an error frame with the HTTP API's problem type, and nothing is stored."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from tests.integration.conftest import count
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"


async def _arrange(instance: Instance, people: People, term: str | None, **settings: Any) -> None:
    async with httpx.AsyncClient(base_url=instance.url, timeout=10) as http:
        if term is not None:
            added = await http.post(
                f"{ROOM}/blocked-terms", json={"term": term}, headers=people.owner.auth
            )
            assert added.status_code == 201, added.text
        changed = await http.patch(f"{ROOM}/settings", json=settings, headers=people.owner.auth)
        assert changed.status_code == 200, changed.text


async def _fan(instance: Instance, people: People) -> Client:
    client = await Client.open(instance.ws, people.fan.token)
    await client.recv()  # welcome
    return client


async def _refused(client: Client, content: str, problem: str, status: int) -> None:
    answer = await client.answer({"type": "send", "chatroom": "owner", "content": content})
    assert answer["type"] == "error", (content, answer)
    assert answer["problem"]["type"] == PROBLEM + problem, (content, answer)
    assert answer["problem"]["status"] == status


async def _sent(client: Client, content: str) -> None:
    answer = await client.answer({"type": "send", "chatroom": "owner", "content": content})
    assert answer["type"] == "ack", (content, answer)


async def test_blocked_terms_see_through_look_alikes_spacing_and_stretching(
    a: Instance, people: People, db: asyncpg.Connection
) -> None:
    await _arrange(a, people, "heck", links_allowed=True)
    fan = await _fan(a, people)
    for dodge in ["what the ʜᴇᴄᴋ", "һеск", "h e c k", "h.e.c.k", "heeeeck", "ｈｅｃｋ!"]:
        await _refused(fan, dodge, "chat-blocked-term", 403)
    await _sent(fan, "check the hecks heeck")  # other words, and two e's are two letters
    assert await count(db, "chat_messages") == 1


async def test_links_off_refuses_what_a_browser_would_open(
    a: Instance, people: People, db: asyncpg.Connection
) -> None:
    await _arrange(a, people, None, links_allowed=False)
    fan = await _fan(a, people)
    for link in [
        "ｅｘａｍｐｌｅ．ｃｏｍ",
        "example。com",
        "example｡com",
        "go to 1.2.3.4:8080",
        "http://[::1]",
        "еxample.com",  # Cyrillic е
        "example[.]com",
        "example . com",
    ]:
        await _refused(fan, link, "chat-links-not-allowed", 403)
    await _sent(fan, "patch 1.2.3 is out, a safety . net")
    assert await count(db, "chat_messages") == 1


async def test_unique_chat_sees_through_invisible_characters_and_punctuation(
    a: Instance, people: People, db: asyncpg.Connection
) -> None:
    await _arrange(a, people, None, unique_chat=True)
    fan = await _fan(a, people)
    other = await Client.open(a.ws, people.other.token)
    await other.recv()
    await _sent(fan, "copy pasta")
    for repeat in ["copy pasta.", "copy pasta\u200b", "\ufeffCOPY  pasta!", "сору раѕта"]:
        await _refused(other, repeat, "chat-duplicate-message", 409)
    await _sent(other, "copy, pasta")  # punctuation inside counts
    assert await count(db, "chat_messages") == 2

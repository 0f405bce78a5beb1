"""Every endpoint of the chatroom- and chat-message-management tables x every kind of caller.

Personas as in ``personas.py``: ``mod_without`` holds ban, timeout and delete_messages;
``mod_with`` holds every permission; ``token_with`` is the owner's token with channel:write and
moderation:write, ``token_without`` the owner's token with chat:write only; staff call the Admin
API. Targets of moderation are a fresh account, ``target1``. As in the channel-management
matrix: one test per operation, every persona in turn on the in-memory container, and one cell
per tier on the real servers.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.authz.matrix import (
    CHANNEL,
    CONTENT,
    CONTENT_NOT_PUBLIC,
    READ,
    Expected,
    MemoryMatrix,
    Operation,
    Prepare,
    Request,
    base,
    check_cell,
    read,
)
from tests.integration.authz.personas import Persona, personas
from tests.integration.conftest import Client
from tests.unit.media.images import png

ROOM = "chatroom"
# moderation of people and messages (ban / delete_messages, scope moderation:write)
MODERATE: Expected = {**CONTENT, "mod_without": "ok"}
MODERATE_NOT_PUBLIC: Expected = {**CONTENT_NOT_PUBLIC, "mod_without": "ok"}
# the same for message operations, which the Admin API does not offer
MODERATE_MESSAGES: Expected = {**MODERATE, "staff": "absent"}
TEAM_READ: Expected = {**MODERATE, "token_without": "ok"}  # reads need no scope
SEND: Expected = {
    "anonymous": 401, "other": "ok", "vip": "ok", "mod_without": "ok", "mod_with": "ok",
    "owner": "ok", "staff": "absent", "token_with": 403, "token_without": "ok",
}  # fmt: skip
READ_MESSAGES: Expected = {**READ, "staff": "absent"}
# other1's own chat identity: the account itself, staff on the Admin API
OWN_IDENTITY: Expected = {
    "anonymous": "absent", "other": "ok", "vip": 403, "mod_without": 403, "mod_with": 403,
    "owner": 403, "staff": "ok", "token_with": "absent", "token_without": "absent",
}  # fmt: skip


async def _as_owner(c: Client, who: dict[str, Persona], method: str, path: str, **kw: Any) -> Any:
    owner = who["owner"]
    response = await c.request(method, f"{base(owner)}/{path}", headers=owner.headers, **kw)
    assert response.status_code in {200, 201}, response.text
    return response.json()


async def _target_message(c: Client, who: dict[str, Persona]) -> str:
    target = who["target"]
    response = await c.post(
        f"/private/v1/channels/{CHANNEL}/{ROOM}/messages",
        json={"content": "a message to moderate"},
        headers=target.headers,
    )
    assert response.status_code == 201, response.text
    message_id: str = response.json()["id"]
    return message_id


async def find_by_id(c: Client, who: dict[str, Persona], name: str) -> Request:
    room = await _as_owner(c, who, "GET", ROOM)
    return "GET", f"{who[name].tier}/chatrooms/{room['id']}", {}


def write(method: str, path: str, body: dict[str, Any] | None = None) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        return method, f"{base(who[name])}/{path}", {"json": body} if body is not None else {}

    return prepare


async def delete_term(c: Client, who: dict[str, Persona], name: str) -> Request:
    term = await _as_owner(c, who, "POST", f"{ROOM}/blocked-terms", json={"term": "zzbad"})
    return "DELETE", f"{base(who[name])}/{ROOM}/blocked-terms/{term['id']}", {}


def _emote_form(code: str) -> dict[str, Any]:
    return {"data": {"code": code}, "files": {"image": ("e.png", png(112), "image/png")}}


async def create_emote(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "POST", f"{base(who[name])}/{ROOM}/emotes", _emote_form("Emote1")


async def delete_emote(c: Client, who: dict[str, Persona], name: str) -> Request:
    emote = await _as_owner(c, who, "POST", f"{ROOM}/emotes", **_emote_form("Gone1"))
    return "DELETE", f"{base(who[name])}/{ROOM}/emotes/{emote['id']}", {}


async def ban(c: Client, who: dict[str, Persona], name: str) -> Request:
    body = {"user": "target1", "duration_seconds": 600, "reason": "matrix"}
    return "POST", f"{base(who[name])}/{ROOM}/bans", {"json": body}


async def unban(c: Client, who: dict[str, Persona], name: str) -> Request:
    await _as_owner(c, who, "POST", f"{ROOM}/bans", json={"user": "target1"})
    return "DELETE", f"{base(who[name])}/{ROOM}/bans/target1", {}


async def send(c: Client, who: dict[str, Persona], name: str) -> Request:
    return "POST", f"{base(who[name])}/{ROOM}/messages", {"json": {"content": f"hi from {name}"}}


async def delete_message(c: Client, who: dict[str, Persona], name: str) -> Request:
    message_id = await _target_message(c, who)
    return "DELETE", f"{base(who[name])}/{ROOM}/messages/{message_id}", {}


async def thread(c: Client, who: dict[str, Persona], name: str) -> Request:
    message_id = await _target_message(c, who)
    return "GET", f"{base(who[name])}/{ROOM}/messages/{message_id}/thread", {}


async def user_messages(c: Client, who: dict[str, Persona], name: str) -> Request:
    await _target_message(c, who)
    return "GET", f"{who[name].tier}/users/target1/messages", {}


async def user_in_room(c: Client, who: dict[str, Persona], name: str) -> Request:
    await _target_message(c, who)
    return "GET", f"{base(who[name])}/{ROOM}/users/target1/messages", {}


async def purge(c: Client, who: dict[str, Persona], name: str) -> Request:
    await _target_message(c, who)
    return "DELETE", f"{base(who[name])}/{ROOM}/users/target1/messages", {}


async def pin(c: Client, who: dict[str, Persona], name: str) -> Request:
    message_id = await _target_message(c, who)
    return "PUT", f"{base(who[name])}/{ROOM}/pin", {"json": {"message_id": message_id}}


async def unpin(c: Client, who: dict[str, Persona], name: str) -> Request:
    message_id = await _target_message(c, who)
    await _as_owner(c, who, "PUT", f"{ROOM}/pin", json={"message_id": message_id})
    return "DELETE", f"{base(who[name])}/{ROOM}/pin", {}


async def get_pin(c: Client, who: dict[str, Persona], name: str) -> Request:
    message_id = await _target_message(c, who)
    await _as_owner(c, who, "PUT", f"{ROOM}/pin", json={"message_id": message_id})
    return "GET", f"{base(who[name])}/{ROOM}/pin", {}


OPERATIONS = [
    Operation("fetch chatroom by channel", read(ROOM), READ),
    Operation("fetch chatroom by id", find_by_id, READ),
    Operation("fetch settings", read(f"{ROOM}/settings"), READ),
    Operation(
        "update settings",
        write("PATCH", f"{ROOM}/settings", {"slow_mode_seconds": 5}),
        CONTENT_NOT_PUBLIC,
    ),
    Operation("fetch blocked terms", read(f"{ROOM}/blocked-terms"), READ),
    Operation(
        "create blocked term", write("POST", f"{ROOM}/blocked-terms", {"term": "zzterm"}), CONTENT
    ),
    Operation("delete blocked term", delete_term, CONTENT_NOT_PUBLIC),
    Operation("fetch emotes", read(f"{ROOM}/emotes"), READ),
    Operation("create emote", create_emote, CONTENT),
    Operation("delete emote", delete_emote, CONTENT_NOT_PUBLIC),
    Operation("fetch rules", read(f"{ROOM}/rules"), READ),
    Operation(
        "update rules", write("PUT", f"{ROOM}/rules", {"rules": ["be kind"]}), CONTENT_NOT_PUBLIC
    ),
    Operation("clear rules", write("DELETE", f"{ROOM}/rules"), CONTENT_NOT_PUBLIC),
    Operation("fetch identity", read(f"{ROOM}/users/other1/identity"), READ),
    Operation(
        "update identity",
        write("PATCH", f"{ROOM}/users/other1/identity", {"colour": "#112233"}),
        OWN_IDENTITY,
    ),
    Operation("ban user", ban, MODERATE),
    Operation("unban user", unban, MODERATE_NOT_PUBLIC),
    Operation("fetch banned users", read(f"{ROOM}/bans"), TEAM_READ),
    Operation("send message", send, SEND),
    Operation("delete message", delete_message, MODERATE_MESSAGES),
    Operation("fetch messages for chatroom", read(f"{ROOM}/messages"), READ_MESSAGES),
    Operation("fetch messages for user", user_messages, READ_MESSAGES),
    Operation("fetch messages for user in chatroom", user_in_room, READ_MESSAGES),
    Operation("fetch messages in a thread", thread, READ_MESSAGES),
    Operation("purge user's messages", purge, MODERATE_MESSAGES),
    Operation("pin message", pin, MODERATE_MESSAGES),
    Operation("unpin message", unpin, MODERATE_MESSAGES),
    Operation("fetch pinned message", get_pin, READ_MESSAGES),
]
# one cell per tier on the real servers (PostgreSQL, Redis): the app as deployed
REAL_CELLS = [("create blocked term", "token_with"), ("send message", "vip"),
              ("ban user", "staff")]  # fmt: skip
BY_NAME = {op.name: op for op in OPERATIONS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
async def test_every_persona(operation: Operation, memory_matrix: MemoryMatrix) -> None:
    """Every (operation, persona) cell, on the in-memory container."""
    await memory_matrix.check_every_persona(operation)


@pytest.mark.parametrize(("operation", "persona"), REAL_CELLS, ids=map("-".join, REAL_CELLS))
async def test_cell_on_the_servers(
    operation: str, persona: str, client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await check_cell(client, await personas(client, ory, db), BY_NAME[operation], persona)

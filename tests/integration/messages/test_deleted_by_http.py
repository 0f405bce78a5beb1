"""Who deleted a message is the chatroom team's to know over HTTP: the owner, any moderator
(whatever their permissions), staff sessions see ``deleted_by``; anonymous readers,
other users (the author included) and their tokens get null but still see ``deleted`` and
``deleted_at``. A message its author deleted shows the author's id to everyone."""

from __future__ import annotations

from typing import Any

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import (
    Client,
    User,
    api_token,
    make_moderator,
    make_staff,
    register,
)
from tests.integration.messages.helpers import room

PRIVATE = "/private/v1"
PUBLIC = "/public/v1"


async def _send(
    client: Client, user: User, text: str, reply_to: str | None = None
) -> dict[str, Any]:
    response = await client.post(
        f"{PRIVATE}{room('owner')}/messages",
        json={"content": text, "reply_to": reply_to},
        headers=user.auth,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _deletions(client: Client, tier: str, headers: dict[str, str], user_id: str) -> list[Any]:
    """(content, deleted, deleted_at set, deleted_by) of every message, in the room's history,
    the author's messages in the room and everywhere, and the thread."""
    seen = []
    for path in (
        f"{room('owner')}/messages",
        f"{room('owner')}/users/fan/messages",
        f"/users/{user_id}/messages",
    ):
        response = await client.get(f"{tier}{path}", headers=headers)
        assert response.status_code == 200, response.text
        seen.append(
            [
                (m["content"], m["deleted"], m["deleted_at"] is not None, m["deleted_by"])
                for m in response.json()["data"]
            ]
        )
    return seen


async def test_deleted_by_is_shown_to_the_team_only(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    mod = await register(client, ory, "mod")
    quiet = await register(client, ory, "quiet")  # a moderator without any permission
    stranger = await register(client, ory, "stranger")
    boss = await register(client, ory, "boss")
    await make_moderator(db, owner, mod, ["delete_messages"])
    await make_moderator(db, owner, quiet, [])
    await make_staff(db, boss)
    moderated = await _send(client, fan, "spam")
    own = await _send(client, fan, "typo")
    kept = await _send(client, fan, "hello", reply_to=moderated["id"])
    for user, message in ((mod, moderated), (fan, own)):
        response = await client.delete(
            f"{PRIVATE}{room('owner')}/messages/{message['id']}", headers=user.auth
        )
        assert response.status_code == 200, response.text

    def history(by: str | None) -> list[Any]:
        rows = [
            (None, True, True, by),
            (None, True, True, fan.account_id),
            ("hello", False, False, None),
        ]
        return [rows, rows, rows]

    team_view = history(mod.account_id)
    viewer_view = history(None)
    readers: list[tuple[str, str, dict[str, str], list[Any]]] = [
        ("anonymous", PUBLIC, {}, viewer_view),
        ("another user", PRIVATE, stranger.auth, viewer_view),
        ("the author", PRIVATE, fan.auth, viewer_view),
        (
            "another user's token",
            PUBLIC,
            await api_token(client, stranger, "chat:write"),
            viewer_view,
        ),
        ("the owner", PRIVATE, owner.auth, team_view),
        ("the moderator who deleted", PRIVATE, mod.auth, team_view),
        ("a moderator without permissions", PRIVATE, quiet.auth, team_view),
        ("a moderator's token", PUBLIC, await api_token(client, mod, "chat:write"), team_view),
        ("staff", PRIVATE, boss.auth, team_view),
    ]
    for name, tier, headers, expected in readers:
        assert await _deletions(client, tier, headers, fan.account_id) == expected, name

    thread = f"{room('owner')}/messages/{kept['id']}/thread"
    anonymous = (await client.get(f"{PUBLIC}{thread}")).json()["data"]
    assert [m["deleted_by"] for m in anonymous] == [None, None]
    team = (await client.get(f"{PRIVATE}{thread}", headers=quiet.auth)).json()["data"]
    assert [m["deleted_by"] for m in team] == [mod.account_id, None]

"""The room event log on PostgreSQL: which messages were deleted during their chat delay."""

from __future__ import annotations

import uuid

from streamz.container import make_container
from streamz.ports.room_events import RoomEventLog
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, register
from tests.integration.messages.helpers import room

PRIVATE = "/private/v1"


async def _send(client: Client, user: User, slug: str, text: str) -> dict[str, str]:
    response = await client.post(
        f"{PRIVATE}{room(slug)}/messages", json={"content": text}, headers=user.auth
    )
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


async def _delete(client: Client, user: User, slug: str, message: dict[str, str]) -> None:
    response = await client.delete(
        f"{PRIVATE}{room(slug)}/messages/{message['id']}", headers=user.auth
    )
    assert response.status_code == 200, response.text


async def _delay(client: Client, user: User, seconds: int) -> None:
    response = await client.patch(
        f"{PRIVATE}{room(user.username)}/settings",
        json={"non_moderator_delay_seconds": seconds},
        headers=user.auth,
    )
    assert response.status_code == 200, response.text


async def test_deleted_before_visible_names_only_messages_deleted_while_held(
    settings: Settings, client: Client, ory: FakeOry
) -> None:
    owner = await register(client, ory, "owner")
    other = await register(client, ory, "other")
    fan = await register(client, ory, "fan")
    shown_then_deleted = await _send(client, fan, "owner", "sent before the delay was set")
    for user in (owner, other):
        await _delay(client, user, 5)
    held_then_deleted = await _send(client, fan, "owner", "spoiler")
    held = await _send(client, fan, "owner", "still held")
    at_once = await _send(client, owner, "owner", "the owner is not delayed")
    elsewhere = await _send(client, fan, "other", "held in another room")
    for message in (shown_then_deleted, held_then_deleted, at_once):
        await _delete(client, owner, "owner", message)
    await _delete(client, other, "other", elsewhere)

    messages = (shown_then_deleted, held_then_deleted, held, at_once, elsewhere)
    ids = [uuid.UUID(m["id"]) for m in messages]
    room_id, other_room = uuid.UUID(held["chatroom_id"]), uuid.UUID(elsewhere["chatroom_id"])
    container = make_container(settings)
    try:
        async with container() as scope:
            log = await scope.get(RoomEventLog)
            found = await log.deleted_before_visible(room_id, [*ids, uuid.uuid4()])
            assert found == {uuid.UUID(held_then_deleted["id"])}
            assert await log.deleted_before_visible(other_room, ids) == {uuid.UUID(elsewhere["id"])}
            assert await log.deleted_before_visible(room_id, []) == set()
    finally:
        await container.close()

"""The library's publish API and topic resolution, on the in-memory Streamz."""

from __future__ import annotations

import pytest

from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.core.errors import Forbidden, Invalid, NotFound, Unauthenticated
from streamz.core.identity.entities import Principal
from streamz.core.realtime.publish_event import PublishEvent, PublishEventRequest
from streamz.core.realtime.resolve_topic import ResolveTopic, ResolveTopicRequest
from tests.unit.messages.support import SYSTEM, Chat


async def test_system_publishes_a_non_durable_event_to_a_resolved_topic() -> None:
    chat = Chat()
    await chat.user("owner")
    published = await chat.lib.call(
        PublishEvent,
        PublishEventRequest(SYSTEM, "chatroom:OWNER", "acme.poll_started", {"question": "?"}),
    )
    realtime = await chat.lib.container.get(MemoryRealtime)
    [event] = realtime.published
    assert event.topic == published.topic
    assert published.topic.startswith("chatroom:")
    assert published.topic != "chatroom:OWNER"
    assert (event.event, event.data, event.seq, event.durable) == (
        "acme.poll_started", {"question": "?"}, None, False)  # fmt: skip
    assert '"durable":false' in event.encoded()
    # not kept for resuming clients
    assert await realtime.since(event.topic, 0, 10) is None


@pytest.mark.parametrize(
    ("event", "data", "error"),
    [
        ("Poll", {}, Invalid),
        ("acme", {}, Invalid),
        ("chat.message_sent", {}, Invalid),
        ("chatroom.viewers", {}, Invalid),
        ("acme.big", {"x": "y" * 9000}, Invalid),
    ],
)
async def test_bad_events_are_refused(event: str, data: dict[str, str], error: type) -> None:
    chat = Chat()
    await chat.user("owner")
    with pytest.raises(error):
        await chat.lib.call(
            PublishEvent, PublishEventRequest(SYSTEM, "chatroom:owner", event, data)
        )
    assert (await chat.lib.container.get(MemoryRealtime)).published == []


async def test_only_the_system_publishes_and_topics_must_exist() -> None:
    chat = Chat()
    owner = await chat.user("owner")
    with pytest.raises(Forbidden):
        await chat.lib.call(PublishEvent, PublishEventRequest(owner, "channel:owner", "a.b", {}))
    with pytest.raises(NotFound):
        await chat.lib.call(PublishEvent, PublishEventRequest(SYSTEM, "channel:nobody", "a.b", {}))
    with pytest.raises(Invalid):
        await chat.lib.call(PublishEvent, PublishEventRequest(SYSTEM, "stream:owner", "a.b", {}))


async def test_topics_resolve_to_canonical_names() -> None:
    chat = Chat()
    owner = await chat.user("owner")
    fan = await chat.user("fan")

    async def resolve(actor: Principal, text: str) -> str:
        target = await chat.lib.call(ResolveTopic, ResolveTopicRequest(actor, text))
        return target.topic

    by_slug = await resolve(fan, "chatroom:owner")
    chatroom_id = by_slug.partition(":")[2]
    channel = await resolve(fan, "channel:owner")
    channel_id = channel.partition(":")[2]
    assert await resolve(fan, f"chatroom:{channel_id}") == by_slug  # by channel id
    assert await resolve(fan, f"chatroom:{chatroom_id}") == by_slug  # by chatroom id
    assert await resolve(fan, "user") == f"user:{chat.ids['fan']}"
    assert await resolve(SYSTEM, f"user:{chat.ids['fan']}") == f"user:{chat.ids['fan']}"
    with pytest.raises(Forbidden):
        await resolve(owner, f"user:{chat.ids['fan']}")
    with pytest.raises(Unauthenticated):
        await resolve(Principal.anonymous(), "user")

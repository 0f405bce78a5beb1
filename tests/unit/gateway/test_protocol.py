"""Client frames parsed and checked; server frames and close reasons within their limits."""

from __future__ import annotations

import json
import uuid

import pytest

from streamz.core.realtime import protocol
from streamz.core.realtime.protocol import MalformedFrame


def test_every_client_frame_parses() -> None:
    message = uuid.uuid4()
    assert protocol.parse('{"type":"ping","id":"1"}') == protocol.Ping("1")
    assert protocol.parse('{"type":"subscribe","topic":" chatroom:alice ","resume_from":41}') == (
        protocol.Subscribe(None, "chatroom:alice", 41)
    )
    assert protocol.parse(
        json.dumps({"type": "send", "id": "m", "chatroom": "alice", "content": " hi ",
                    "reply_to": str(message), "extra": "ignored"})
    ) == protocol.Send("m", "alice", " hi ", message)  # fmt: skip
    assert protocol.parse(
        json.dumps({"type": "pin", "chatroom": "alice", "message_id": str(message),
                    "duration_seconds": 60})
    ) == protocol.Pin(None, "alice", message, 60)  # fmt: skip
    assert protocol.parse('{"type":"unpin","chatroom":"alice"}') == protocol.Unpin(None, "alice")
    assert protocol.parse('{"type":"auth","token":"t"}') == protocol.Auth(None, "t")


@pytest.mark.parametrize(
    ("text", "frame_id", "detail"),
    [
        ("not json", None, "JSON object"),
        ("[1, 2]", None, "JSON object"),
        ('{"type": "ping", "id": 7}', None, "id must be a string"),
        ('{"id": "x"}', "x", "string 'type'"),
        ('{"type": "dance", "id": "x"}', "x", "unknown frame type"),
        ('{"type": "subscribe", "id": "x"}', "x", "'topic'"),
        ('{"type": "subscribe", "topic": "chatroom:a", "resume_from": -1}', None, "resume_from"),
        ('{"type": "subscribe", "topic": "chatroom:a", "resume_from": true}', None, "resume_from"),
        ('{"type": "send", "chatroom": "a"}', None, "'content'"),
        ('{"type": "send", "chatroom": "a", "content": "x", "reply_to": "zz"}', None, "reply_to"),
        ('{"type": "delete", "chatroom": "a"}', None, "'message_id'"),
        ('{"type": "pin", "chatroom": "a", "message_id": 5}', None, "message_id"),
    ],
)
def test_malformed_frames_name_the_problem_and_keep_the_id(
    text: str, frame_id: str | None, detail: str
) -> None:
    with pytest.raises(MalformedFrame) as raised:
        protocol.parse(text)
    assert raised.value.frame_id == frame_id
    assert detail in raised.value.detail
    assert raised.value.code == "malformed-frame"


def test_the_slow_consumer_reason_fits_a_close_frame() -> None:
    rooms = {f"chatroom:{uuid.uuid4()}": 10**9 + n for n in range(5)}
    rooms["channel:x"] = 3
    reason = protocol.slow_consumer_reason(rooms)
    assert len(reason.encode()) <= protocol.MAX_CLOSE_REASON
    positions = json.loads(reason)["seq"]
    assert len(positions) == 2
    assert all(f"chatroom:{room}" in rooms for room in positions)
    assert protocol.slow_consumer_reason({}) == '{"seq":{}}'
    assert len(protocol.close_reason("é" * 100).encode()) <= protocol.MAX_CLOSE_REASON


def test_server_frames() -> None:
    assert json.loads(protocol.subscribed("1", "chatroom:x", 5)) == {
        "type": "subscribed", "id": "1", "topic": "chatroom:x", "seq": 5}  # fmt: skip
    assert json.loads(protocol.subscribed(None, "channel:x", None)) == {
        "type": "subscribed", "topic": "channel:x"}  # fmt: skip
    assert json.loads(protocol.pong("p")) == {"type": "pong", "id": "p"}
    assert json.loads(protocol.PING) == {"type": "ping"}

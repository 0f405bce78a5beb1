"""Reading Livepeer's webhook bodies (stdlib only).

A delivery is ``{"id", "webhookId", "createdAt" (ms), "timestamp" (ms), "event", "stream":
{...the stream, without its key...}, "payload": {...}}``. ``recording.ready`` carries
``payload.recordingUrl`` and ``payload.session`` (``id``, ``parentId``: the stream,
``assetId``, ``createdAt``, ``lastSeen``, ``sourceSegmentsDuration`` in seconds).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

from streamz.core.errors import FieldError
from streamz.core.live.streams.entities import LivepeerDelivery, LivepeerEvents, Recording
from streamz.core.live.streams.errors import LivepeerPayloadInvalid

MAX_ID = 128
MAX_EVENT = 64
MAX_STREAM_ID = 64
MAX_URL = 2048
_MAX_MS = 253_402_300_799_999  # 9999-12-31


def _text(value: object, limit: int) -> str | None:
    if isinstance(value, str) and 0 < len(value.strip()) <= limit and "\x00" not in value:
        return value.strip()
    return None


def _millis(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not 0 < value <= _MAX_MS:
        return None
    return datetime.fromtimestamp(value / 1000, UTC)


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def stream_id_of(body: dict[str, Any]) -> str | None:
    """The Livepeer stream the event is about: ``stream.id``, else the recorded session's
    ``parentId``."""
    stream = _text(_object(body.get("stream")).get("id"), MAX_STREAM_ID)
    if stream is not None:
        return stream
    session = _object(_object(body.get("payload")).get("session"))
    return _text(session.get("parentId"), MAX_STREAM_ID)


def recording_of(body: dict[str, Any]) -> Recording | None:
    """The recording of a ``recording.ready`` body; None when it lacks the asset or its URL.

    The asset is ``session.assetId`` (Livepeer names the recording's asset after the session),
    else the session id. The thumbnail is taken when the payload names one (``thumbnailUrl``
    or ``session.thumbUrl``); Livepeer does not always.
    """
    payload = _object(body.get("payload"))
    session = _object(payload.get("session"))
    session_id = _text(session.get("id"), MAX_ID)
    asset_id = _text(session.get("assetId"), MAX_STREAM_ID) or (
        session_id if session_id and len(session_id) <= MAX_STREAM_ID else None
    )
    url = _text(payload.get("recordingUrl"), MAX_URL) or _text(session.get("recordingUrl"), MAX_URL)
    if session_id is None or asset_id is None or url is None:
        return None
    duration = session.get("sourceSegmentsDuration")
    seconds = 0
    if (
        isinstance(duration, int | float)
        and not isinstance(duration, bool)
        and math.isfinite(duration)
        and 0 <= duration < 10**9
    ):
        seconds = round(duration)
    thumbnail = _text(payload.get("thumbnailUrl"), MAX_URL) or _text(
        session.get("thumbUrl"), MAX_URL
    )
    return Recording(
        asset_id=asset_id,
        session_id=session_id,
        playback_url=url,
        duration_seconds=seconds,
        thumbnail_url=thumbnail,
        session_started_at=_millis(session.get("createdAt")),
        last_seen_at=_millis(session.get("lastSeen")),
    )


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def parse_delivery(body: bytes, received_at: datetime) -> LivepeerDelivery:
    """The delivery in a (verified) body; ``LivepeerPayloadInvalid`` naming each bad field.

    - A JSON object with ``id`` (1-128 characters) and ``event`` (1-64).
    - ``createdAt`` (else ``timestamp``), when present: Unix milliseconds.
    - The handled events need their stream (``stream.id`` or the session's ``parentId``);
      ``recording.ready`` also its session, asset and recording URL.
    - Other events are kept as they are (their stream id when they have one).
    """
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise LivepeerPayloadInvalid.field("body", f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise LivepeerPayloadInvalid.field("body", "must be a JSON object")
    errors: list[FieldError] = []
    event_id = _text(data.get("id"), MAX_ID)
    if event_id is None:
        errors.append(FieldError("body.id", f"id must be a string of 1-{MAX_ID} characters"))
    event = _text(data.get("event"), MAX_EVENT)
    if event is None:
        errors.append(
            FieldError("body.event", f"event must be a string of 1-{MAX_EVENT} characters")
        )
    occurred_at = received_at
    for name in ("createdAt", "timestamp"):
        if name in data and data[name] is not None:
            at = _millis(data[name])
            if at is None:
                errors.append(FieldError(f"body.{name}", f"{name} must be Unix milliseconds"))
            else:
                occurred_at = at
                break
    stream_id = stream_id_of(data)
    if event in LivepeerEvents.HANDLED and stream_id is None:
        errors.append(FieldError("body.stream.id", f"{event} needs the stream's id"))
    if event == LivepeerEvents.RECORDING_READY and recording_of(data) is None:
        errors.append(
            FieldError(
                "body.payload.session",
                "recording.ready needs payload.session.id and payload.recordingUrl",
            )
        )
    if errors or event_id is None or event is None:
        raise LivepeerPayloadInvalid(errors[0].message, errors=errors)
    return LivepeerDelivery(
        id=event_id,
        event=event,
        stream_id=stream_id,
        payload=data,
        occurred_at=occurred_at,
        received_at=received_at,
    )

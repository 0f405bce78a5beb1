"""Errors of the streams context; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated, Unavailable


class LivepeerUnavailable(Unavailable):
    """Livepeer answered with an error, too slowly, or not at all (503; jobs retry)."""

    code = "livepeer-unavailable"
    title = "Livepeer unavailable"


class LivepeerNotConfigured(Unavailable):
    """No Livepeer API key (or webhook secret) in this deployment's settings (503)."""

    code = "livepeer-not-configured"
    title = "Livepeer not configured"


class StreamKeyOwnerOnly(Forbidden):
    code = "stream-key-owner-only"
    title = "Only the owner sees the stream key"


class StreamIsLive(Conflict):
    code = "stream-live"
    title = "The channel is live"


class ChannelStreamNotFound(NotFound):
    code = "channel-stream-not-found"
    title = "The channel has no stream yet"


class VodNotFound(NotFound):
    code = "vod-not-found"
    title = "VOD not found"


class WebhookSignatureInvalid(Unauthenticated):
    code = "livepeer-signature-invalid"
    title = "Invalid Livepeer signature"


class WebhookTimestampStale(Unauthenticated):
    code = "livepeer-signature-stale"
    title = "Livepeer signature too old or too new"


class LivepeerPayloadInvalid(Invalid):
    code = "livepeer-payload-invalid"
    title = "Malformed Livepeer payload"

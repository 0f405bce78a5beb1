"""Outbox topics of the streams context. Stream keys never appear in any payload."""

STREAM_PROVISIONED = "stream.provisioned"  # channel_id, livepeer_stream_id
KEY_ROTATED = "stream.key_rotated"  # channel_id, livepeer_stream_id (the new one)
STREAM_ONLINE = "stream.online"  # to channel:<id> (realtime)
STREAM_OFFLINE = "stream.offline"  # to channel:<id> (realtime)
NOTIFY_CHANNEL_LIVE = "notify.channel_live"  # for the notifications context (followers)
VOD_CREATED = "vod.created"
VOD_DELETED = "vod.deleted"

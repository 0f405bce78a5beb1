"""The gateway's knobs. Defaults are the protocol's (docs/realtime.md); tests shorten them."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.realtime.protocol import MAX_FRAME_BYTES


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    heartbeat_seconds: float = 25.0  # the server pings each connection this often
    idle_timeout_seconds: float = 60.0  # nothing received for this long: close 4008
    queue_frames: int = 1000  # per-connection send queue; overflow: close 4009
    max_frame_bytes: int = MAX_FRAME_BYTES
    max_topics: int = 100  # subscriptions per connection
    hold_seconds: float = 0.2  # how long a room waits for a missing seq before replaying it
    recent_events: int = 512  # delivered events each room keeps in memory for resuming clients
    presence_seconds: float = 5.0  # report viewers and publish counts this often
    presence_ttl_seconds: float = 15.0  # a silent instance's viewers drop out after this
    sample_seconds: float = 60.0  # one viewer sample per room per this many seconds
    stats_seconds: float = 5.0  # write this instance's stats record this often
    stats_ttl_seconds: float = 15.0
    close_timeout_seconds: float = 5.0  # sending a close frame to a stuck client gives up after
    writer_idle_seconds: float = 10.0  # a connection's writer task ends after this long unused
    slow_close_seconds: float = 30.0  # a slow consumer's close frame waits this long to be read
    recheck_seconds: float = 2.0  # an action re-checks the credential if it is older than this
    replay_reads: int = 3  # catch-ups reading history at once (the rest wait their turn)

    @property
    def sweep_seconds(self) -> float:
        """How often heartbeats and idle timeouts are checked."""
        return min(max(min(self.heartbeat_seconds, self.idle_timeout_seconds) / 5, 0.01), 5.0)

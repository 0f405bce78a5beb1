"""Counters of one gateway instance (totals since it started)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(slots=True)
class Counters:
    received: int = 0  # events from pub/sub
    delivered: int = 0  # event frames put in send queues (fan-out)
    duplicates: int = 0  # durable events dropped: seq already delivered
    held: int = 0  # durable events that arrived ahead of a missing seq
    fills: int = 0  # holes filled from the room's history
    resyncs: int = 0  # rooms (or resuming clients) too far behind: told to refetch
    replays: int = 0  # resuming subscribes served from history (not from memory)
    resumed_memory: int = 0  # resuming subscribes whose catch-up began from memory
    resumed_history: int = 0  # ... began from the database
    resyncs_on_resume: int = 0  # ... too far behind: told to refetch
    connections: int = 0  # connections accepted
    slow_closes: int = 0  # closed 4009 (send queue overflow)
    idle_closes: int = 0  # closed 4008
    auth_failures: int = 0  # closed 4001
    frame_errors: int = 0  # error frames sent

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

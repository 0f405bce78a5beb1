from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.entities import SweepResult
from streamz.ports.clock import Clock
from streamz.ports.streams import LivepeerEventLog, StreamJobs, VodWrites

GRACE = timedelta(seconds=60)
BATCH = 500


@dataclass(frozen=True, slots=True)
class SweepStreamWorkRequest:
    actor: Principal  # the system (a cron job, the CLI)
    limit: int = BATCH


class SweepStreamWork:
    """Queues again the work a lost job would leave undone (run every minute by the worker).

    - The system only (``Forbidden`` otherwise).
    - Livepeer deliveries received more than a minute ago and not processed yet, and VODs
      deleted more than a minute ago whose asset is not deleted yet, at most ``limit`` of
      each, oldest first. A job already waiting with the same key is not queued twice, and
      every job is idempotent, so sweeping often is harmless.
    """

    def __init__(
        self, events: LivepeerEventLog, vods: VodWrites, jobs: StreamJobs, clock: Clock
    ) -> None:
        self._events = events
        self._vods = vods
        self._jobs = jobs
        self._clock = clock

    async def __call__(self, request: SweepStreamWorkRequest) -> SweepResult:
        request.actor.require_system()
        before = self._clock.now() - GRACE
        events = await self._events.pending(before, request.limit)
        for event_id in events:
            await self._jobs.process_event(event_id)
        vods = await self._vods.pending_asset_deletions(before, request.limit)
        for vod_id in vods:
            await self._jobs.delete_asset(vod_id)
        return SweepResult(events=len(events), assets=len(vods))

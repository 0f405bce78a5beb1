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


@dataclass(frozen=True, slots=True)
class SweepStreamWork:
    """Queues again the work a lost job would leave undone (run every minute by the worker).

    - The system only (``Forbidden`` otherwise).
    - Livepeer deliveries received more than a minute ago and not processed yet, and VODs
      deleted more than a minute ago whose asset is not deleted yet, at most ``limit`` of
      each, oldest first. A job already waiting with the same key is not queued twice, and
      every job is idempotent, so sweeping often is harmless.
    """

    events: LivepeerEventLog
    vods: VodWrites
    jobs: StreamJobs
    clock: Clock

    async def __call__(self, request: SweepStreamWorkRequest) -> SweepResult:
        request.actor.require_system()
        before = self.clock.now() - GRACE
        events = await self.events.pending(before, request.limit)
        for event_id in events:
            await self.jobs.process_event(event_id)
        vods = await self.vods.pending_asset_deletions(before, request.limit)
        for vod_id in vods:
            await self.jobs.delete_asset(vod_id)
        return SweepResult(events=len(events), assets=len(vods))

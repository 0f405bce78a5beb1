"""Viewer samples and peaks on PostgreSQL (``viewer_samples``, ``viewer_peaks``)."""

from __future__ import annotations

from collections.abc import Sequence

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.realtime.viewers import ViewerSample

_SAMPLE = """
INSERT INTO viewer_samples
    (channel_id, sampled_at, chatroom_id, viewers, users, anonymous, peak)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (channel_id, sampled_at) DO NOTHING
"""

_PEAK = """
INSERT INTO viewer_peaks AS p (channel_id, peak, peak_at)
VALUES ($1, $2, $3)
ON CONFLICT (channel_id) DO UPDATE SET peak = EXCLUDED.peak, peak_at = EXCLUDED.peak_at
WHERE p.peak < EXCLUDED.peak
"""


class PostgresViewerSamples:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, samples: Sequence[ViewerSample]) -> None:
        live = await self._unit.fetch(
            "SELECT id FROM channels WHERE id = ANY($1::uuid[])",
            list({s.channel_id for s in samples}),
        )
        known = {channel_id for (channel_id,) in live}  # one deleted meanwhile keeps none
        kept = [s for s in samples if s.channel_id in known]
        if not kept:
            return
        await self._unit.executemany(
            _SAMPLE,
            [
                (s.channel_id, s.at, s.chatroom_id, s.viewers, s.users, s.anonymous, s.peak)
                for s in kept
            ],
        )
        await self._unit.executemany(_PEAK, [(s.channel_id, s.peak, s.at) for s in kept])

"""Contract of ``ViewerSampleRepository`` (viewer samples and peaks for analytics).

Postgres only: the in-memory container has no gateway, so this port has no memory adapter;
the memory runs are skipped. The port only writes: the tests read the tables back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.postgres.viewers import PostgresViewerSamples
from streamz.core.channels.entities import Channel
from streamz.core.realtime.viewers import ViewerSample
from streamz.core.shared.ids import new_id

from .conftest import T0, Backend

S = timedelta(seconds=30)


async def channel(backend: Backend) -> tuple[Any, Channel]:
    """A committed channel, and a unit to go on with."""
    if backend.name == "memory":
        pytest.skip("no memory adapter: the in-memory container has no gateway")
    (made,) = (await backend.seed(accounts=1)).channels
    return backend.unit(), made


def sample(ch: Channel, at: datetime, viewers: int, peak: int) -> ViewerSample:
    return ViewerSample(ch.id, new_id(), at, viewers, viewers - 1, 1, peak)


async def test_samples_of_known_channels_are_kept_once_per_moment(backend: Backend) -> None:
    unit, ch = await channel(backend)
    first = sample(ch, T0, 10, 12)
    later = sample(ch, T0 + S, 7, 8)
    stranger = sample(ch, T0, 99, 99)
    samples = PostgresViewerSamples(unit)
    await samples.add([first, later, ViewerSample(new_id(), new_id(), T0, 1, 1, 0, 1)])
    await samples.add([stranger])  # the same channel and moment: the first one stays
    await samples.add([])
    await unit.commit()

    rows = await unit.fetch(
        "SELECT channel_id, chatroom_id, sampled_at, viewers, users, anonymous, peak"
        " FROM viewer_samples ORDER BY sampled_at"
    )
    kept = [ViewerSample(*row) for row in rows]
    assert kept == [first, later]


async def test_the_peak_keeps_the_most_viewers_and_when(backend: Backend) -> None:
    unit, ch = await channel(backend)
    samples = PostgresViewerSamples(unit)
    await samples.add([sample(ch, T0, 5, 5), sample(ch, T0 + S, 9, 9)])
    await samples.add([sample(ch, T0 + 2 * S, 3, 4)])
    await unit.commit()

    peak = await unit.fetch("SELECT channel_id, peak, peak_at FROM viewer_peaks")
    assert [tuple(row) for row in peak] == [(ch.id, 9, T0 + S)]

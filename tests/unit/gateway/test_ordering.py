"""Per-room ordering: every seq delivered once and in order, whatever pub/sub brings (the fast
path and the relay both publish), holes filled from the room's history (memory adapters
behind ``ReplayRoom``: recent history, else the log)."""

from __future__ import annotations

import asyncio

from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.replay import MAX_REPLAY
from streamz.entrypoints.gateway.ordering import RoomOrder
from streamz.entrypoints.gateway.stats import Counters
from tests.unit.gateway.support import RoomLog


class Room:
    def __init__(self, log: RoomLog, hold: float = 0.05) -> None:
        self.log = log
        self.delivered: list[RealtimeEvent] = []
        self.resyncs: list[int] = []
        self.counters = Counters()
        self.order = RoomOrder(
            self.delivered.append,
            log.replay,
            self.resyncs.append,
            self.counters,
            hold=hold,
            retry=0.01,
        )

    @property
    def seqs(self) -> list[int | None]:
        return [e.seq for e in self.delivered]

    def offer(self, *seqs: int) -> None:
        for seq in seqs:
            self.order.offer(self.log.event(seq))


async def test_in_order_events_are_delivered_at_once_and_duplicates_dropped() -> None:
    log = RoomLog()
    await log.append(4)
    room = Room(log)
    room.order.start(0)
    room.offer(1, 2, 1, 2, 3, 3, 4)
    assert room.seqs == [1, 2, 3, 4]
    assert room.counters.duplicates == 3
    assert log.fetches == []  # nothing asked of the history


async def test_out_of_order_events_wait_for_the_missing_one() -> None:
    log = RoomLog()
    await log.append(5)
    room = Room(log, hold=1.0)
    room.order.start(0)
    room.offer(1, 3, 5, 4)
    assert room.seqs == [1]
    room.offer(2)  # the late one arrives within the hold: no replay needed
    assert room.seqs == [1, 2, 3, 4, 5]
    room.offer(3, 5)
    assert room.seqs == [1, 2, 3, 4, 5]
    assert log.fetches == []
    assert room.order.held == {}


async def test_a_hole_is_filled_from_the_history_after_the_hold() -> None:
    log = RoomLog()
    await log.append(6)
    room = Room(log, hold=0.05)
    room.order.start(0)
    room.offer(1, 2, 5, 6)  # 3 and 4 were lost on the way
    assert room.seqs == [1, 2]
    await asyncio.sleep(0.2)
    assert room.seqs == [1, 2, 3, 4, 5, 6]
    assert log.fetches == [2]
    assert room.counters.fills == 1
    room.offer(3, 4, 6, 7)  # the relay's copies come later: dropped (7 is not there yet)
    await log.append(1)
    assert room.seqs == [1, 2, 3, 4, 5, 6, 7]


async def test_holes_fall_back_to_the_log_when_the_recent_history_misses_them() -> None:
    log = RoomLog()
    await log.append(2)
    await log.append(2, publish=False)  # 3 and 4: committed, never reached the history
    await log.append(1)
    room = Room(log, hold=0.01)
    room.order.start(2)
    room.offer(5)
    await asyncio.sleep(0.1)
    assert room.seqs == [3, 4, 5]
    assert room.delivered[0].data == log.event(3).data  # read back from the log


async def test_a_failing_history_is_retried_and_events_keep_waiting() -> None:
    log = RoomLog()
    await log.append(3)
    room = Room(log, hold=0.01)
    room.order.start(0)
    log.fail = 2
    room.offer(3)
    await asyncio.sleep(0.2)
    assert room.seqs == [1, 2, 3]
    assert log.fetches == [0, 0, 0]


async def test_start_drops_what_the_head_already_covers() -> None:
    log = RoomLog()
    await log.append(4)
    room = Room(log)
    room.offer(2, 4, 3)  # arrived while the room was starting
    room.order.start(2)
    assert room.seqs == [3, 4]
    room.offer(1, 2, 3)
    assert room.seqs == [3, 4]


async def test_catch_up_after_a_pubsub_outage_delivers_what_was_missed() -> None:
    log = RoomLog()
    await log.append(2)
    room = Room(log)
    room.order.start(0)
    room.offer(1, 2)
    await log.append(3)  # published while this instance was not listening
    room.order.catch_up()
    await asyncio.sleep(0.05)
    assert room.seqs == [1, 2, 3, 4, 5]
    room.offer(4, 5, 3)  # their late copies
    assert room.seqs == [1, 2, 3, 4, 5]
    assert room.counters.duplicates == 3


async def test_a_room_too_far_behind_jumps_to_the_head_and_resyncs() -> None:
    log = RoomLog()
    log.jump(MAX_REPLAY + 3)
    room = Room(log, hold=0.01)
    room.order.start(1)
    room.offer(MAX_REPLAY + 3)
    await asyncio.sleep(0.1)
    assert room.resyncs == [MAX_REPLAY + 3]
    assert room.seqs == []
    assert room.order.next == MAX_REPLAY + 4
    await log.append(1)
    room.offer(MAX_REPLAY + 4)
    assert room.seqs == [MAX_REPLAY + 4]


async def test_closing_stops_a_pending_fill() -> None:
    log = RoomLog()
    await log.append(3)
    room = Room(log, hold=0.01)
    room.order.start(0)
    room.offer(3)
    room.order.close()
    await asyncio.sleep(0.05)
    assert room.seqs == []
    assert log.fetches == []

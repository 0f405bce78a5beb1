"""Every shutdown step is bounded: a close that never returns is cut after its bound, and a
warning names it (streamz.shutdown, and the worker's loops that must stop when cancelled)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

from streamz import shutdown
from streamz.entrypoints.worker.main import repeat


class Recorder:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str, dict[str, Any]]] = []

    def warning(self, event: str, **fields: Any) -> None:
        self.lines.append(("warning", event, fields))

    def error(self, event: str, **fields: Any) -> None:
        self.lines.append(("error", event, fields))


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(shutdown, "log", recorder)
    return recorder


async def never() -> None:
    await asyncio.Event().wait()


class Stubborn:
    """Swallows every cancellation, the way a client library turning it into its own error
    inside a retry loop does; ends once ``released`` (so no test leaves it running)."""

    def __init__(self) -> None:
        self.released = False

    async def __call__(self) -> None:
        while not self.released:
            try:
                await asyncio.sleep(0.02)
            except asyncio.CancelledError:
                continue

    async def release(self) -> None:
        self.released = True
        await asyncio.sleep(0.1)


async def test_a_close_that_never_returns_is_cut_after_its_bound(log: Recorder) -> None:
    terminated: list[bool] = []
    started = time.monotonic()
    ended = await shutdown.bounded_close(
        "database pool", never(), 0.2, on_timeout=lambda: terminated.append(True)
    )
    assert time.monotonic() - started < 1.5
    assert ended is False
    assert terminated == [True]
    [(level, event, fields)] = log.lines
    assert (level, event, fields["step"], fields["seconds"]) == (
        "warning",
        "shutdown step cut short",
        "database pool",
        0.2,
    )
    assert fields["left_running"] is False  # it did end once cancelled
    assert fields["fallback"] == "done"


async def test_a_close_that_ignores_its_cancellation_is_left_behind(log: Recorder) -> None:
    stubborn = Stubborn()
    started = time.monotonic()
    assert await shutdown.bounded_close("listener", stubborn(), 0.2) is False
    assert time.monotonic() - started < 1.5
    [(_, event, fields)] = log.lines
    assert event == "shutdown step cut short"
    assert fields["left_running"] is True
    await stubborn.release()


async def test_a_close_that_ends_or_fails_in_time(log: Recorder) -> None:
    async def fine() -> None:
        await asyncio.sleep(0)

    async def broken() -> None:
        raise ConnectionError("gone")

    assert await shutdown.bounded_close("client", fine(), 1.0) is True
    assert log.lines == []
    assert await shutdown.bounded_close("client", broken(), 1.0) is False
    [(level, event, fields)] = log.lines
    assert (level, event, fields["step"]) == ("warning", "shutdown step failed", "client")
    assert "gone" in fields["error"]


async def test_cancelling_the_caller_cancels_the_step(log: Recorder) -> None:
    step = asyncio.create_task(never())
    caller = asyncio.create_task(shutdown.bounded_close("slow", step, 30))
    await asyncio.sleep(0.05)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    await asyncio.sleep(0)
    assert step.cancelled()


async def test_bounded_exit_bounds_a_context_manager_exit(log: Recorder) -> None:
    class Manager:
        async def __aenter__(self) -> str:
            return "client"

        async def __aexit__(self, *exc: object) -> None:
            await never()

    started = time.monotonic()
    async with shutdown.bounded_exit("S3 store", Manager(), 0.2) as value:
        assert value == "client"
    assert time.monotonic() - started < 1.5
    assert [fields["step"] for _, _, fields in log.lines] == ["S3 store"]


async def test_stop_tasks_cancels_again_and_gives_up_after_its_bound(log: Recorder) -> None:
    stubborn = Stubborn()
    polite = asyncio.create_task(never(), name="polite")
    rude = asyncio.create_task(stubborn(), name="rude")
    await asyncio.sleep(0)
    started = time.monotonic()
    assert await shutdown.stop_tasks("worker loops", [polite, rude], 0.3) is False
    assert time.monotonic() - started < 1.5
    assert polite.cancelled()
    [(_, event, fields)] = log.lines
    assert (event, fields["step"], fields["left_running"]) == (
        "shutdown step cut short",
        "worker loops",
        ["rude"],
    )
    assert not rude.done()
    await stubborn.release()
    assert rude.done()


async def test_a_worker_loop_stops_when_cancelled_during_a_failing_cleanup() -> None:
    """The relay/expiry loops used to catch the error a request scope raises while it is being
    closed by a cancellation (dishka's ExitError) and carry on: shutdown waited forever."""

    async def step() -> int:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            raise RuntimeError("cannot rollback; the transaction is in error state") from None
        return 0

    loop = asyncio.create_task(repeat("pin expiry", step, idle=0.01))
    await asyncio.sleep(0.05)
    loop.cancel()
    done, _ = await asyncio.wait([loop], timeout=2)
    assert loop in done, "the loop swallowed its cancellation"
    assert loop.cancelled()


def test_run_bounds_what_asyncio_does_after_main(log: Recorder) -> None:
    async def main() -> str:
        asyncio.get_running_loop().create_task(Stubborn()(), name="left over")
        await asyncio.sleep(0)
        return "done"

    started = time.monotonic()
    assert shutdown.run(main(), cleanup_seconds=0.3) == "done"
    assert time.monotonic() - started < 2
    assert [(e, f["step"]) for _, e, f in log.lines] == [
        ("shutdown step cut short", "leftover tasks")
    ]


def test_an_exit_deadline_ends_a_stuck_process() -> None:
    script = textwrap.dedent(
        """
        import time
        from streamz.shutdown import ExitDeadline
        ExitDeadline("stuck command", 0.3).start()
        time.sleep(30)
        """
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=20, check=False
    )
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    assert "shutdown cut short" in result.stdout + result.stderr
    assert "stuck command" in result.stdout + result.stderr

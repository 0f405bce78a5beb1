"""Bounded shutdown: every step of stopping a process gets a few seconds, and a warning names
any step that was cut short.

A close that never returns (a pool waiting for a connection a stuck request holds, a client
library turning a cancellation into its own error and carrying on) must not keep a process, or a
test's teardown, from ending:

- ``bounded_close`` awaits one close for at most its bound, then cancels it and moves on;
- ``bounded_exit`` is ``async with`` whose exit is such a step;
- ``stop_tasks`` cancels background tasks and waits for them within a bound, cancelling again
  any that swallowed the cancellation;
- ``run`` is ``asyncio.run`` whose own cleanup (leftover tasks, async generators, the default
  executor) is bounded too;
- ``ExitDeadline`` is the last resort of a command: once it is started (on the first stop
  signal), the process exits after its bound whatever is still running.

Stdlib and structlog only: used by the container's finalizers and by the entrypoints.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar

import structlog

STEP_SECONDS = 5.0  # one close: a pool, a client, a listener
CONTAINER_SECONDS = 15.0  # all the finalizers of one container together
CANCEL_GRACE = 0.5  # after its bound, how long a cut step may take to unwind
log = structlog.get_logger("streamz.shutdown")
T = TypeVar("T")


def _collect(task: asyncio.Future[Any]) -> None:
    """Retrieve an abandoned step's outcome so asyncio never reports it as unretrieved."""
    if not task.cancelled():
        task.exception()


async def bounded_close(
    name: str,
    close: Awaitable[object],
    seconds: float | None = None,
    *,
    on_timeout: Callable[[], object] | None = None,
) -> bool:
    """Await ``close`` for at most ``seconds`` (``STEP_SECONDS`` by default); True if it ended
    in time without error.

    Past the bound it is cancelled, ``on_timeout`` runs (e.g. terminate what would not close
    gracefully) and a warning names the step; a step that ignores its cancellation is left
    behind. An error is logged as a warning too: shutdown goes on either way. Cancelling the
    caller cancels the step.
    """
    bound = STEP_SECONDS if seconds is None else seconds
    task = asyncio.ensure_future(close)
    try:
        done, _ = await asyncio.wait({task}, timeout=bound)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if done:
        if task.cancelled():
            log.warning("shutdown step cancelled", step=name)
            return False
        error = task.exception()
        if error is not None:
            log.warning("shutdown step failed", step=name, error=repr(error))
            return False
        return True
    task.cancel()
    await asyncio.wait({task}, timeout=CANCEL_GRACE)
    task.add_done_callback(_collect)
    fallback = None
    if on_timeout is not None:
        try:
            on_timeout()
            fallback = "done"
        except Exception as error:
            fallback = repr(error)
    log.warning(
        "shutdown step cut short",
        step=name,
        seconds=bound,
        left_running=not task.done(),
        fallback=fallback,
    )
    return False


async def stop_tasks(
    name: str, tasks: Iterable[asyncio.Task[Any]], seconds: float | None = None
) -> bool:
    """Cancel ``tasks`` and wait up to ``seconds`` for them, cancelling again (every 0.2 s) any
    that swallowed the cancellation; True if all ended. A warning names those left running."""
    bound = STEP_SECONDS if seconds is None else seconds
    deadline = asyncio.get_running_loop().time() + bound
    pending = [task for task in tasks if not task.done()]
    while pending:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            log.warning(
                "shutdown step cut short",
                step=name,
                seconds=bound,
                left_running=sorted(task.get_name() for task in pending),
            )
            for task in pending:
                task.add_done_callback(_collect)
            return False
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=min(0.2, left))
        pending = [task for task in pending if not task.done()]
    return True


def run(main: Coroutine[Any, Any, T], *, cleanup_seconds: float | None = None) -> T:
    """``asyncio.run(main)``, but what asyncio does after ``main`` (cancel and await leftover
    tasks, close async generators, join the default executor's threads) takes at most
    ``cleanup_seconds`` per step instead of waiting forever. No SIGINT handling of its own:
    the command installs the handlers it wants."""
    bound = STEP_SECONDS if cleanup_seconds is None else cleanup_seconds
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            leftovers = [t for t in asyncio.all_tasks(loop) if not t.done()]
            if leftovers:
                loop.run_until_complete(stop_tasks("leftover tasks", leftovers, bound))
            for step, coroutine in (
                ("async generators", loop.shutdown_asyncgens()),
                ("default executor", loop.shutdown_default_executor()),
            ):
                loop.run_until_complete(bounded_close(step, coroutine, bound))
        finally:
            asyncio.set_event_loop(None)
            loop.close()


class ExitDeadline:
    """Once ``start``ed, end the process after ``seconds`` if it has not ended by itself.

    The last bound of a command's shutdown, for what the other bounds cannot cut (a thread the
    interpreter joins at exit, a task that never lets go): it logs an error naming the command
    and exits with code 1, without further cleanup. Commands start it on their first stop
    signal, so a command run in-process (by a test) and never signalled is never cut."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Arm it (idempotent)."""
        with self._lock:
            if self._timer is None:
                self._timer = threading.Timer(self.seconds, self._expire)
                self._timer.daemon = True
                self._timer.start()

    def _expire(self) -> None:
        log.error("shutdown cut short: exiting now", step=self.name, seconds=self.seconds)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()


@asynccontextmanager
async def bounded_exit(
    name: str, manager: AbstractAsyncContextManager[T], seconds: float | None = None
) -> AsyncIterator[T]:
    """``async with manager``, whose exit is a ``bounded_close`` step."""
    value = await manager.__aenter__()
    try:
        yield value
    except BaseException as error:
        exit_ = manager.__aexit__(type(error), error, error.__traceback__)
        await bounded_close(name, exit_, seconds)
        raise
    await bounded_close(name, manager.__aexit__(None, None, None), seconds)

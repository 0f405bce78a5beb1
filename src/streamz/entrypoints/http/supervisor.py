"""A small process supervisor for `streamzctl serve` on uvicorn.

The parent binds the listening socket once, forks ``workers`` server processes that share it,
and stays out of the request path. A worker that dies (killed, out of memory, a crash in a C
extension) is replaced at once; one that keeps dying soon after its start is replaced after a
growing pause (0.5 s, 1 s, 2 s... up to 30 s), so a crash loop does not burn the machine. The
other workers keep serving meanwhile, and the socket stays open, so connections made while no
worker is up wait in its backlog instead of being refused.

SIGINT and SIGTERM stop the workers (SIGTERM, then SIGKILL for any still running after
``stop_seconds``); a second signal kills them at once. A worker that exits with
``STARTUP_FAILURE`` (the app or its settings are broken: every new worker would fail alike)
stops the supervisor with that code.

Why not uvicorn's own ``--workers`` supervisor: it spawns fresh interpreters that import the
whole app before they answer its health pings, and kills any that do not answer within five
seconds, so on a loaded machine it kills its workers while they start, forever; with one worker
it supervises nothing at all. Forking after the imports makes a replacement serve within a
fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import structlog

STARTUP_FAILURE = 3  # uvicorn's exit code for a server that could not start
log = structlog.get_logger("streamz.supervisor")

_STOP = frozenset({signal.SIGINT, signal.SIGTERM})
_WATCHED = _STOP | {signal.SIGCHLD}


@dataclass
class _Slot:
    pid: int | None = None
    started: float = 0.0
    failures: int = 0  # deaths in a row, each soon after its start
    due: float | None = None  # when to start it again


class Supervisor:
    """Run ``serve(sock)`` in ``workers`` forked processes and keep that many alive.

    ``serve`` runs in the child and returns when the server stopped; raising ``SystemExit``
    sets the child's exit code. ``min_uptime``: a worker that dies sooner counts as a crash
    loop and is restarted after a backoff.
    """

    def __init__(
        self,
        serve: Callable[[socket.socket], None],
        sock: socket.socket,
        workers: int,
        *,
        stop_seconds: float = 15.0,
        min_uptime: float = 5.0,
        max_backoff: float = 30.0,
    ) -> None:
        self.serve = serve
        self.sock = sock
        self.slots = [_Slot() for _ in range(max(1, workers))]
        self.stop_seconds = stop_seconds
        self.min_uptime = min_uptime
        self.max_backoff = max_backoff
        self._mask: set[int | signal.Signals] = set()

    # ------------------------------------------------------------------ children

    def _spawn(self, index: int) -> None:
        slot = self.slots[index]
        sys.stdout.flush()  # or the child would write the parent's buffered lines again
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, self._mask)
                self.serve(self.sock)
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        slot.pid, slot.started, slot.due = pid, time.monotonic(), None
        log.info("server worker started", worker=index + 1, pid=pid)

    def _reap(self) -> int | None:
        """Collect dead workers and plan their restart; an exit code to stop with, or None."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return None
            if pid == 0:
                return None
            for index, slot in enumerate(self.slots):
                if slot.pid == pid:
                    stop = self._died(index, slot, status)
                    if stop is not None:
                        return stop

    def _died(self, index: int, slot: _Slot, status: int) -> int | None:
        now = time.monotonic()
        lived, pid = now - slot.started, slot.pid
        slot.pid = None
        code = os.waitstatus_to_exitcode(status)
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        if code == STARTUP_FAILURE:
            log.error("server worker could not start: stopping", worker=index + 1, status=how)
            return STARTUP_FAILURE
        slot.failures = slot.failures + 1 if lived < self.min_uptime else 1
        delay = 0.0  # the first death in a row: replaced at once
        if slot.failures > 1:
            delay = min(self.max_backoff, 0.5 * 2 ** (slot.failures - 2))
        slot.due = now + delay
        log.warning(
            "server worker died: starting another",
            worker=index + 1,
            pid=pid,
            status=how,
            lived_seconds=round(lived, 2),
            restart_in_seconds=delay,
        )
        return None

    def _start_due(self) -> None:
        now = time.monotonic()
        for index, slot in enumerate(self.slots):
            if slot.pid is None and slot.due is not None and slot.due <= now:
                self._spawn(index)

    def _next_wake(self) -> float:
        due = [s.due for s in self.slots if s.pid is None and s.due is not None]
        if not due:
            return 1.0
        return max(0.0, min(1.0, min(due) - time.monotonic()))

    def _stop_workers(self) -> None:
        running = {slot.pid for slot in self.slots if slot.pid is not None}
        for pid in running:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_seconds
        while running:
            running -= _reaped(running)
            if not running:
                break
            left = deadline - time.monotonic()
            got = signal.sigtimedwait(_WATCHED, max(0.0, min(0.2, left))) if left > 0 else None
            if left <= 0 or (got is not None and got.si_signo in _STOP):
                reason = "asked again" if left > 0 else f"still running after {self.stop_seconds}s"
                log.warning("killing server workers", pids=sorted(running), reason=reason)
                for pid in running:
                    _signal(pid, signal.SIGKILL)
                for pid in running:
                    _wait(pid)
                break
        for slot in self.slots:
            slot.pid = None

    # ------------------------------------------------------------------ main loop

    def run(self) -> int:
        """Serve until SIGINT/SIGTERM (0) or a worker that cannot start (its code)."""
        self._mask = signal.pthread_sigmask(signal.SIG_BLOCK, _WATCHED)
        code = 0
        try:
            log.info("supervisor started", pid=os.getpid(), workers=len(self.slots))
            for index in range(len(self.slots)):
                self._spawn(index)
            while True:
                got = signal.sigtimedwait(_WATCHED, self._next_wake())
                if got is not None and got.si_signo in _STOP:
                    log.info("stopping server workers", signal=signal.Signals(got.si_signo).name)
                    break
                stop = self._reap()
                if stop is not None:
                    code = stop
                    break
                self._start_due()
        finally:
            self._stop_workers()
            signal.pthread_sigmask(signal.SIG_SETMASK, self._mask)
        return code


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _reaped(pids: set[int]) -> set[int]:
    done = set()
    for pid in pids:
        try:
            reaped, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            reaped = pid
        if reaped == pid:
            done.add(pid)
    return done


def _wait(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)

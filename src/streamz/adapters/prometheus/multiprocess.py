"""Several server processes behind one port, one scrape: prometheus_client's multiprocess mode.

``streamzctl serve`` calls ``directory()`` before its server starts its worker processes:
each process then writes its values to files in ``PROMETHEUS_MULTIPROC_DIR`` (one per process
and metric kind) and any process answering ``/metrics`` reads them all, so a scrape sees the
instance's totals (counters of processes that died included; the live gauges of dead
processes left out). Without it (``streamzctl dev``, ``worker``, the tests) a process reports
its own values from the default registry.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, values

from streamz.adapters.prometheus import metrics

ENV = "PROMETHEUS_MULTIPROC_DIR"
_LIVE_FILE = re.compile(r"gauge_live\w+?_(\d+)\.db$")


def active() -> bool:
    return bool(os.environ.get(ENV))


def enable(path: Path) -> None:
    """From now on, values created in this process and the processes it starts are kept in
    ``path``. prometheus_client reads the variable when it is first imported; every Streamz
    metric has labels, so none has a value yet and switching here is enough."""
    os.environ[ENV] = str(path)
    if not getattr(values.ValueClass, "_multiprocess", False):
        values.ValueClass = values.MultiProcessValue()  # type: ignore[no-untyped-call]
    metrics.forget_children()


def disable() -> None:
    os.environ.pop(ENV, None)
    values.ValueClass = values.MutexValue
    metrics.forget_children()


@contextlib.contextmanager
def directory() -> Iterator[Path]:
    """Multiprocess mode for the processes started meanwhile: in ``PROMETHEUS_MULTIPROC_DIR``
    if it is set (its ``*.db`` files are removed before and after), else in a new temporary
    directory removed afterwards."""
    given = os.environ.get(ENV)
    path = Path(given) if given else Path(tempfile.mkdtemp(prefix="streamz-metrics-"))
    path.mkdir(parents=True, exist_ok=True)
    _wipe(path)
    enable(path)
    try:
        yield path
    finally:
        if given:
            _wipe(path)
        else:
            shutil.rmtree(path, ignore_errors=True)
            disable()


def _wipe(path: Path) -> None:
    for name in glob.glob(str(path / "*.db")):
        with contextlib.suppress(OSError):
            os.remove(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def registry() -> CollectorRegistry:
    """What a scrape reports: every process's values in multiprocess mode (live gauges of
    processes that are gone dropped first), else this process's default registry."""
    path = os.environ.get(ENV)
    if not path:
        return REGISTRY
    for name in os.listdir(path):
        match = _LIVE_FILE.match(name)
        if match and not _alive(int(match.group(1))):
            multiprocess.mark_process_dead(int(match.group(1)), path)  # type: ignore[no-untyped-call]
    merged = CollectorRegistry()
    multiprocess.MultiProcessCollector(merged, path)  # type: ignore[no-untyped-call]
    return merged

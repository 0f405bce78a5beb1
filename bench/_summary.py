"""``--summary-json PATH``: a benchmark's key figures as one flat JSON object, for ``all.py``.

Each script keeps its human output; with the option it also writes ``{"name": number, ...}``
(req/s, milliseconds, ratios: the names say which) to PATH at the end of a run.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol


class _Timed(Protocol):
    @property
    def rps(self) -> float: ...

    def percentile(self, q: float) -> float: ...


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--summary-json",
        metavar="PATH",
        default=None,
        help="also write the key figures as one JSON object to PATH (read by bench/all.py)",
    )


def load_figures(prefix: str, load: _Timed) -> dict[str, float]:
    """Throughput and latency of one side: ``prefix.rps``, ``prefix.p50_ms``, ``prefix.p99_ms``."""
    return {
        f"{prefix}.rps": load.rps,
        f"{prefix}.p50_ms": load.percentile(50),
        f"{prefix}.p99_ms": load.percentile(99),
    }


def write(path: str | None, figures: Mapping[str, float | int | None]) -> None:
    """Write ``figures`` (NaN and infinities as null) to ``path``; nothing without a path."""
    if not path:
        return
    clean = {
        k: (None if v is None or (isinstance(v, float) and not math.isfinite(v)) else v)
        for k, v in figures.items()
    }
    Path(path).write_text(json.dumps(clean, indent=2, sort_keys=True) + "\n")

"""Every benchmark in bench/ at a short setting, one table of figures against their targets.

    uv run python bench/all.py                          # all of them (~10-15 min on 2 cores)
    uv run python bench/all.py --quick                  # shorter still (a few minutes)
    uv run python bench/all.py --only chat_send,follows --markdown /tmp/bench.md
    uv run python bench/all.py --list                   # the benchmarks, their flags and targets

Runs each script as its own subprocess (``--timeout`` bounds each one, scaled per benchmark),
with ``--summary-json PATH`` where the script has it, and reads its key figures from that file
rather than from its human output (which is kept in ``--log-dir``, one file per benchmark). Each
figure is compared with a baseline measured in the same run of the same script (the bare app,
raw asyncpg, the other term set, the toy broadcast app...) or with an absolute limit. Prints one
table: benchmark, figure, value, baseline, ratio, target, PASS/FAIL/ERROR (ERROR: the script
timed out, crashed or did not report the figure); every script also gets an ``exit status``
row (its own checks: seq gap-free, exact counts, no failed request). ``--markdown PATH`` writes
the same table as Markdown with the date, the machine (``uname -m``, cores) and the load
average at start and end, for the README's performance section.

Exit status: 0 if every row passes, 1 if any fails or errors (0 with ``--no-fail``), 2 on bad
arguments, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASS, FAIL, ERROR = "PASS", "FAIL", "ERROR"


@dataclass(frozen=True, slots=True)
class Target:
    """One figure: ``value`` (a key of the script's summary) against ``limit``.

    With ``baseline`` (another key) the ratio value / baseline is compared, or baseline / value
    with ``inverse`` (time per item from two rates); without, the value itself. ``op`` is
    ``>=`` or ``<=``.
    """

    figure: str
    value: str
    op: str
    limit: float
    baseline: str | None = None
    inverse: bool = False
    unit: str = ""  # of an absolute limit, for the target column

    def describe(self) -> str:
        if self.baseline is None:
            return f"{self.op} {self.limit:g}{(' ' + self.unit) if self.unit else ''}"
        return f"{self.op} {self.limit:g}x"


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    script: str
    short: tuple[str, ...]  # flags of the default run
    quick: tuple[str, ...]  # flags of --quick
    timeout: float  # seconds, the default run (--quick: half; --timeout scales both)
    targets: tuple[Target, ...] = ()
    summary: bool = True  # the script takes --summary-json


@dataclass(frozen=True, slots=True)
class Row:
    bench: str
    figure: str
    value: float | None
    baseline: float | None
    ratio: float | None
    target: str
    status: str
    note: str = ""


@dataclass(slots=True)
class Outcome:
    """What one script's run left: exit code (None: timed out or did not start), figures."""

    returncode: int | None
    figures: dict[str, float | None] = field(default_factory=dict)
    seconds: float = 0.0
    note: str = ""


def _http_targets(server: str, ratio: float) -> tuple[Target, ...]:
    return (
        Target(
            f"{server}: full ÷ bare req/s", f"{server}.full.rps", ">=", ratio, f"{server}.base.rps"
        ),
        Target(
            f"{server}: full p99 ÷ p50", f"{server}.full.p99_ms", "<=", 3, f"{server}.full.p50_ms"
        ),
    )


SMALL_DIRECTORY = (
    *("--channels", "10000", "--live", "1000", "--ended", "2000"),
    *("--categories", "50", "--targets", "200"),
)

BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "blocked_terms",
        "blocked_terms.py",
        ("--seconds", "3"),
        ("--seconds", "1.2"),
        120,
        (
            Target(
                "time/check 1,000 ÷ 10 terms",
                "many.checks_per_s",
                "<=",
                1.05,
                "few.checks_per_s",
                inverse=True,
            ),
        ),
    ),
    Benchmark(
        "http_read",
        "http_read.py",
        ("--seconds", "5", "--warmup", "1", "--accounts", "300"),
        ("--seconds", "3", "--warmup", "1", "--accounts", "200"),
        300,
        _http_targets("granian", 0.8) + _http_targets("uvicorn", 0.8),
    ),
    Benchmark(
        "channel_page",
        "channel_page.py",
        ("--server", "granian", "--seconds", "5", "--warmup", "1", "--accounts", "300"),
        ("--server", "granian", "--seconds", "3", "--warmup", "1", "--accounts", "200"),
        300,
        (
            Target("full ÷ bare req/s", "granian.full.rps", ">=", 0.7, "granian.base.rps"),
            Target("full p99 ÷ bare p99", "granian.full.p99_ms", "<=", 3, "granian.base.p99_ms"),
        ),
    ),
    Benchmark(
        "follows",
        "follows.py",
        ("--seconds", "5", "--warmup", "1", "--users", "300"),
        ("--seconds", "3", "--warmup", "1", "--users", "200"),
        240,
        (Target("full ÷ raw SQL ops/s", "full.ops_per_s", ">=", 0.6, "base.ops_per_s"),),
    ),
    Benchmark(
        "chat_send",
        "chat_send.py",
        ("--seconds", "5", "--warmup", "2", "--rounds", "1"),
        ("--seconds", "3", "--warmup", "1", "--rounds", "1", "--rooms", "20"),
        420,
        (
            Target("full send ÷ bare insert msgs/s", "few.rps", ">=", 0.5, "base.rps"),
            Target("time/msg 1,000 ÷ 10 terms", "many.rps", "<=", 1.2, "few.rps", inverse=True),
            Target("seqs gap-free", "seq_ok", ">=", 1),
        ),
    ),
    Benchmark(
        "directory",
        "directory.py",
        (*SMALL_DIRECTORY, "--seconds", "3"),
        (*SMALL_DIRECTORY, "--seconds", "2", "--warmup", "0.5"),
        480,
        (
            Target("directory ÷ bare req/s", "directory.full.rps", ">=", 0.5, "directory.base.rps"),
            Target("category ÷ bare req/s", "category.full.rps", ">=", 0.5, "category.base.rps"),
            Target("followed ÷ bare req/s", "followed.full.rps", ">=", 0.5, "followed.base.rps"),
            Target(
                "recommended ÷ directory req/s",
                "recommended.full.rps",
                ">=",
                0.5,
                "directory.full.rps",
            ),
            Target("listing plans use an index", "index_plans", ">=", 1),
        ),
    ),
    Benchmark(
        "chat_history",
        "chat_history.py",
        (
            "--messages",
            "200000",
            "--rooms",
            "100",
            "--authors",
            "500",
            "--regulars",
            "50",
            "--seconds",
            "3",
        ),
        (
            "--messages",
            "50000",
            "--rooms",
            "50",
            "--authors",
            "200",
            "--regulars",
            "20",
            "--seconds",
            "2",
        ),
        420,
        summary=False,
    ),
    Benchmark(
        "search",
        "search.py",
        ("--channels", "10000", "--livestreams", "1000", "--categories", "50", "--seconds", "3"),
        ("--channels", "5000", "--livestreams", "500", "--categories", "50", "--seconds", "2"),
        420,
        (
            Target(
                "reindex ÷ direct import docs/s",
                "reindex.ours_docs_s",
                ">=",
                0.8,
                "reindex.direct_docs_s",
            ),
            Target("API ÷ Typesense req/s", "search.ours_rps", ">=", 0.8, "search.direct_rps"),
            Target("API ÷ Typesense p95", "search.ours_p95_ms", "<=", 2, "search.direct_p95_ms"),
            Target("freshness p99 (ms)", "fresh.p99_ms", "<=", 2000, unit="ms"),
        ),
    ),
    Benchmark(
        "webhook_intake",
        "webhook_intake.py",
        ("--seconds", "4", "--warmup", "1"),
        ("--seconds", "2", "--warmup", "1"),
        240,
        summary=False,
    ),
    Benchmark(
        "realtime_fanout",
        "realtime_fanout.py",
        (
            "--subscribers",
            "300",
            "--rates",
            "5,20",
            "--seconds",
            "4",
            "--large-room",
            "500",
            "--skip-resume",
        ),
        (
            "--subscribers",
            "200",
            "--rates",
            "10",
            "--seconds",
            "3",
            "--large-room",
            "300",
            "--skip-resume",
        ),
        600,
        (
            Target(
                "Streamz ÷ toy deliveries/s",
                "streamz.deliveries_per_s",
                ">=",
                0.5,
                "toy.deliveries_per_s",
            ),
            Target("p99 at 70% of max (ms)", "streamz.at70_p99_ms", "<=", 200, unit="ms"),
            Target("ack p50 large ÷ small room", "ack.large_p50_ms", "<=", 1.5, "ack.small_p50_ms"),
        ),
    ),
    Benchmark(
        "realtime_memory",
        "realtime_memory.py",
        ("--connections", "2000", "--client-processes", "2"),
        ("--connections", "1000", "--client-processes", "2", "--settle", "12"),
        300,
        (Target("RSS per idle connection (KiB)", "kib_per_connection", "<=", 30, unit="KiB"),),
    ),
    Benchmark(
        "golive",
        "golive.py",
        ("--followers", "3000", "--timeout", "240"),
        ("--followers", "1000", "--timeout", "120"),
        360,
        (Target("pushes/s ÷ raw httpx sender", "pipeline.rate", ">=", 0.8, "raw.rate"),),
    ),
    Benchmark(
        "cli_startup",
        "cli_startup.py",
        ("--runs", "3", "--bytecode", "cached"),
        ("--runs", "2", "--bytecode", "cached"),
        300,
        (
            Target("streamzctl --help (s)", "cached.streamzctl --help", "<=", 0.5, unit="s"),
            Target("accounts show (s)", "cached.accounts show", "<=", 1.5, unit="s"),
            Target("token issue (s)", "cached.token issue", "<=", 1.5, unit="s"),
        ),
    ),
    Benchmark(
        "metrics_overhead",
        "metrics_overhead.py",
        ("--requests", "5000", "--rounds", "2"),
        ("--requests", "2000", "--rounds", "1"),
        120,
        summary=False,
    ),
    Benchmark(
        "faults",
        "faults.py",
        ("--phase", "4", "--down", "3"),
        ("--phase", "3", "--down", "2"),
        300,
        summary=False,
    ),
    Benchmark(
        "respawn",
        "respawn.py",
        ("--server", "both", "--kills", "2"),
        ("--server", "granian", "--kills", "2"),
        300,
        summary=False,
    ),
)


# ---------------------------------------------------------------------------- pure logic


def _number(x: object) -> float | None:
    if isinstance(x, bool):
        return float(x)
    if isinstance(x, int | float) and math.isfinite(x):
        return float(x)
    return None


def compare(ratio_or_value: float, op: str, limit: float) -> bool:
    """Whether ``ratio_or_value op limit`` holds (``>=`` or ``<=``)."""
    if op == ">=":
        return ratio_or_value >= limit
    if op == "<=":
        return ratio_or_value <= limit
    raise ValueError(f"unknown comparison {op!r}")


def evaluate(bench: str, target: Target, figures: Mapping[str, object]) -> Row:
    """One table row: the target's figure from ``figures`` (a script's summary); ERROR when a
    figure it needs is missing, not a finite number, or a baseline is zero."""
    value = _number(figures.get(target.value))
    base = _number(figures.get(target.baseline)) if target.baseline else None
    describe = target.describe()
    if value is None or (target.baseline is not None and base is None):
        missing = target.value if value is None else target.baseline
        return Row(bench, target.figure, value, base, None, describe, ERROR, f"no {missing}")
    if base is None:
        status = PASS if compare(value, target.op, target.limit) else FAIL
        return Row(bench, target.figure, value, None, None, describe, status)
    numerator, denominator = (base, value) if target.inverse else (value, base)
    if denominator == 0:
        return Row(bench, target.figure, value, base, None, describe, ERROR, "zero baseline")
    ratio = numerator / denominator
    status = PASS if compare(ratio, target.op, target.limit) else FAIL
    return Row(bench, target.figure, value, base, ratio, describe, status)


def rows_for(bench: Benchmark, outcome: Outcome) -> list[Row]:
    """The exit-status row, then one row per target."""
    if outcome.returncode is None:
        status, note = ERROR, outcome.note or "timed out"
    elif outcome.returncode == 0:
        status, note = PASS, outcome.note
    else:
        status, note = FAIL, outcome.note or "see its log"
    code = None if outcome.returncode is None else float(outcome.returncode)
    rows = [Row(bench.name, "exit status", code, None, None, "== 0", status, note)]
    for target in bench.targets:
        row = evaluate(bench.name, target, outcome.figures)
        if row.status == ERROR and outcome.returncode is None:
            row = dataclasses.replace(row, note="timed out")
        rows.append(row)
    return rows


def failed(rows: Sequence[Row]) -> bool:
    return any(r.status != PASS for r in rows)


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x == int(x) and abs(x) < 1e6:
        return f"{int(x):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def cells(row: Row) -> list[str]:
    ratio = "-" if row.ratio is None else f"{row.ratio:.2f}x"
    status = row.status + (f" ({row.note})" if row.note else "")
    return [
        row.bench,
        row.figure,
        fmt(row.value),
        fmt(row.baseline),
        ratio,
        row.target,
        status,
    ]


HEADER = ["benchmark", "figure", "value", "baseline", "ratio", "target", "result"]


def text_table(rows: Sequence[Row]) -> str:
    body = [HEADER, *(cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEADER))]
    right = {2, 3, 4}

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if i in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *map(line, body[1:])])


def markdown(rows: Sequence[Row], context: Mapping[str, str]) -> str:
    """The table as Markdown, preceded by one line of context (date, machine, load)."""

    def escape(s: str) -> str:
        return s.replace("|", "\\|")

    lines = [
        ", ".join(f"{k}: {v}" for k, v in context.items()),
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---:" if i in (2, 3, 4) else "---" for i in range(len(HEADER))) + "|",
    ]
    for row in rows:
        values = cells(row)
        values[-1] = f"**{values[-1]}**" if row.status != PASS else values[-1]
        lines.append("| " + " | ".join(map(escape, values)) + " |")
    return "\n".join(lines) + "\n"


def select(names: str, known: Sequence[Benchmark]) -> list[Benchmark]:
    """The benchmarks named (comma-separated, ``.py`` optional), in the table's order; all for
    an empty string. Unknown names raise ``ValueError``."""
    wanted = {n.strip().removesuffix(".py") for n in names.split(",") if n.strip()}
    unknown = wanted - {b.name for b in known}
    if unknown:
        raise ValueError(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return [b for b in known if not wanted or b.name in wanted]


# ---------------------------------------------------------------------------- running


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def run_one(bench: Benchmark, quick: bool, scale: float, log_dir: Path) -> Outcome:
    flags = list(bench.quick if quick else bench.short)
    summary = log_dir / f"{bench.name}.json"
    summary.unlink(missing_ok=True)
    if bench.summary:
        flags += ["--summary-json", str(summary)]
    argv = [sys.executable, str(HERE / bench.script), *flags]
    timeout = bench.timeout * (0.5 if quick else 1.0) * scale
    log = log_dir / f"{bench.name}.log"
    print(f"\n== {bench.name}: {' '.join(argv[1:])} (timeout {timeout:.0f} s)", flush=True)
    started = time.perf_counter()
    with log.open("w") as out:
        out.write(" ".join(argv) + "\n")
        out.flush()
        # own process group: a timeout stops the script and everything it started
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, cwd=HERE.parent, start_new_session=True
        )
        try:
            code: int | None = process.wait(timeout=timeout)
            note = ""
        except subprocess.TimeoutExpired:
            code, note = None, f"timed out after {timeout:.0f} s"
            _stop(process)
        except KeyboardInterrupt:
            _stop(process)
            raise
    outcome = Outcome(code, seconds=time.perf_counter() - started, note=note)
    if bench.summary and summary.exists():
        try:
            loaded = json.loads(summary.read_text())
            outcome.figures = {str(k): _number(v) for k, v in dict(loaded).items()}
        except (ValueError, TypeError) as error:
            outcome.note = f"unreadable summary: {error}"
    print(f"   exit {code}, {outcome.seconds:.0f} s, log {log}", flush=True)
    return outcome


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the script's process group (the scripts stop what they started on it), then
    SIGKILL after 20 s."""
    for sig, wait in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated benchmarks, e.g. follows")
    parser.add_argument("--quick", action="store_true", help="shorter settings, half timeouts")
    parser.add_argument("--timeout", type=float, default=1.0, help="scale every timeout by this")
    parser.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    parser.add_argument("--log-dir", metavar="DIR", help="keep logs and summaries here")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if a target fails")
    parser.add_argument("--list", action="store_true", help="list benchmarks and targets, exit")
    return parser.parse_args(argv)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    ns = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # stop the running script's group, as on Ctrl-C
    try:
        chosen = select(ns.only, BENCHMARKS)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if ns.list:
        for b in chosen:
            targets = "; ".join(f"{t.figure} {t.describe()}" for t in b.targets) or "exit 0"
            flags = " ".join(b.quick if ns.quick else b.short)
            print(f"{b.name:<17} {flags}\n{'':<17} {targets}")
        return 0
    log_dir = Path(ns.log_dir or tempfile.mkdtemp(prefix="streamz-bench-all-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load at start": load_average(),
    }
    print(f"{len(chosen)} benchmark(s), {'quick' if ns.quick else 'short'} settings; {context}")
    rows: list[Row] = []
    try:
        for bench in chosen:
            outcome = run_one(bench, ns.quick, ns.timeout, log_dir)
            rows += rows_for(bench, outcome)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    context["load at end"] = load_average()
    context["settings"] = "--quick" if ns.quick else "short"
    print()
    print(text_table(rows))
    print(", ".join(f"{k}: {v}" for k, v in context.items()) + f"; logs in {log_dir}")
    if ns.markdown:
        Path(ns.markdown).write_text(markdown(rows, context))
        print(f"Markdown table written to {ns.markdown}")
    bad = [r for r in rows if r.status != PASS]
    if bad:
        print(f"{len(bad)} of {len(rows)} row(s) not PASS", file=sys.stderr)
    return 1 if bad and not ns.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())

"""`streamzctl` startup: whole processes timed, against the interpreter and Typer floors.

    uv run python bench/cli_startup.py                      # 7 runs each, both bytecode modes
    uv run python bench/cli_startup.py --runs 15 --bytecode cached

Starts ephemeral local PostgreSQL, Redis and Typesense in a fresh data directory under /tmp
(``LocalServices`` in ``<data dir>/services``, free ports, as ``streamzctl services up`` does
there), runs the migrations, then times each command as a new process, ``--runs`` times after
one untimed warm-up run (so every run reads the same warm file cache):

- the floors: ``python -c pass`` and ``python -c "import typer"``;
- ``streamzctl --help`` and ``streamzctl channels --help`` (no services touched);
- ``accounts create`` (a new account each run), ``accounts show`` and ``token issue`` against
  the running services, found through ``STREAMZ_DATA_DIR`` like after ``services up``.

Each command runs in two bytecode modes (``--bytecode`` picks one): ``cached``, as an installed
Python normally runs (compiled modules kept, here in a private ``PYTHONPYCACHEPREFIX`` under the
temporary directory, filled by the warm-up run), and ``compile``, every module compiled from
source on every call (``PYTHONDONTWRITEBYTECODE=1`` and an empty cache directory, as in a
sandbox that sets it; this is what makes a large import graph cost seconds).

Prints min / median / max wall-clock seconds and user+system CPU seconds (median) per command,
and the median as a multiple of the ``import typer`` floor of the same mode (what any Typer CLI
pays), so figures from a busy machine can still be compared. Targets: ``--help`` under 0.5 s,
a simple command under 1.5 s. Exits 1 if a command fails (its output is shown), 2 if the
services could not start.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import _summary

from streamz.entrypoints import migrations
from streamz_dev.localservices import LocalServices

BIN = Path(sys.executable).parent
MODES = ("cached", "compile")
TARGETS = {"streamzctl --help": 0.5, "accounts show": 1.5, "token issue": 1.5}


@dataclass(frozen=True)
class Case:
    name: str
    argv: Callable[[int], list[str]]  # run number -> command line
    expect: str = ""  # stdout must contain this


def streamzctl() -> list[str]:
    script = BIN / "streamzctl"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "streamz.entrypoints.cli.main"]


def cases() -> list[Case]:
    ctl = streamzctl()
    return [
        Case("python -c pass", lambda _: [sys.executable, "-c", "pass"]),
        Case("python -c 'import typer'", lambda _: [sys.executable, "-c", "import typer"]),
        Case("streamzctl --help", lambda _: [*ctl, "--help"], "accounts"),
        Case("streamzctl channels --help", lambda _: [*ctl, "channels", "--help"], "panels"),
        Case(
            "accounts create",
            lambda n: [*ctl, "accounts", "create", f"user{n}", f"user{n}@example.com"],
            '"username"',
        ),
        Case("accounts show", lambda _: [*ctl, "accounts", "show", "alice"], '"alice"'),
        Case("token issue", lambda _: [*ctl, "token", "issue", "alice"], "eyJ"),
    ]


def run(argv: Sequence[str], env: dict[str, str], expect: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=120)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0 or expect not in done.stdout:
        sys.stderr.write(
            f"{' '.join(argv)} exited {done.returncode}\n{done.stdout[-2000:]}"
            f"{done.stderr[-2000:]}\n"
        )
        raise SystemExit(1)
    return elapsed, cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time whole streamzctl processes against the interpreter and Typer floors.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command")
    parser.add_argument(
        "--bytecode", choices=(*MODES, "both"), default="both", help="bytecode mode(s) to time"
    )
    _summary.add_option(parser)
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(dir="/tmp", prefix="streamz-cli-bench-"))
    root.chmod(0o755)  # PostgreSQL runs as an unprivileged user and must reach its data dir
    data = root / "data"
    services = LocalServices(data / "services", ephemeral=True, fixed_ports=False)
    try:
        try:
            urls = services.start()
            migrations.upgrade(urls.database_url)
        except Exception as error:  # reported, then exit 2
            sys.stderr.write(f"services did not start: {error}\n")
            return 2
        base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("STREAMZ_", "OTEL_", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHE"))
        }
        base |= {"STREAMZ_DATA_DIR": str(data), "STREAMZ_LOG_LEVEL": "WARNING"}
        ctl = streamzctl()
        run([*ctl, "accounts", "create", "alice", "alice@example.com"], base, "alice")

        results: list[Result] = []
        number = 0
        for mode in MODES if args.bytecode == "both" else (args.bytecode,):
            env = base | (
                {"PYTHONPYCACHEPREFIX": str(root / "pycache")}
                if mode == "cached"
                else {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(root / "empty")}
            )
            for case in cases():
                run(case.argv(number := number + 1), env, case.expect)  # warm-up, not timed
                runs = [
                    run(case.argv(number := number + 1), env, case.expect) for _ in range(args.runs)
                ]
                result = Result(mode, case.name, [w for w, _ in runs], [c for _, c in runs])
                results.append(result)
                print(f"  {mode} {case.name}: median {result.median:.3f} s", file=sys.stderr)
        report(results)
        _summary.write(args.summary_json, {f"{r.mode}.{r.name}": r.median for r in results})
        return 0
    finally:
        services.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class Result:
    mode: str
    name: str
    wall: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


def report(results: list[Result]) -> None:
    floors = {r.mode: r.median for r in results if r.name == "python -c 'import typer'"}
    print(
        f"\n{'bytecode':<9} {'command':<28} {'min':>6} {'median':>6} {'max':>6} {'cpu':>6}"
        f" {'x typer':>7} {'target':>8}"
    )
    for r in results:
        target = TARGETS.get(r.name)
        verdict = "" if target is None else f"{'<' if r.median < target else '>='}{target:g} s"
        print(
            f"{r.mode:<9} {r.name:<28} {min(r.wall):>6.3f} {r.median:>6.3f} {max(r.wall):>6.3f}"
            f" {statistics.median(r.cpu):>6.3f} {r.median / floors[r.mode]:>6.1f}x {verdict:>8}"
        )
    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (1 min) at the end")


if __name__ == "__main__":
    raise SystemExit(main())

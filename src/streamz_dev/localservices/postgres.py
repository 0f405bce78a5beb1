"""PostgreSQL: system binaries if on PATH, else the ones shipped in the ``pgserver`` wheel."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from streamz_dev.localservices._process import (
    LOOPBACK,
    READY_TIMEOUT,
    LocalServicesError,
    RunAs,
    pid_runs,
    port_open,
    run_logged,
    service_error,
    terminate,
    unprivileged_user,
    wait_dead,
)

USER = "streamz"
PASSWORD = "streamz"  # local loopback-only dev/test server
DATABASE = "streamz"
_MARKER = "streamz_initialised"
_HBA = (
    "# written by streamz localservices: loopback only, trust\n"
    "local   all             all                                     trust\n"
    "host    all             all             127.0.0.1/32            trust\n"
    "host    all             all             ::1/128                 trust\n"
)


@dataclass(frozen=True)
class PgBinaries:
    pg_ctl: str
    initdb: str
    postgres: str


def find_binaries() -> PgBinaries | None:
    system = [shutil.which(name) for name in ("pg_ctl", "initdb", "postgres")]
    if all(system):
        pg_ctl, initdb, postgres = (str(p) for p in system)
        return PgBinaries(pg_ctl, initdb, postgres)
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    bindir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    paths = [bindir / name for name in ("pg_ctl", "initdb", "postgres")]
    if not all(os.access(p, os.X_OK) for p in paths):
        return None
    return PgBinaries(*(str(p) for p in paths))


def database_url(port: int) -> str:
    return f"postgresql+asyncpg://{USER}:{PASSWORD}@{LOOPBACK}:{port}/{DATABASE}"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


class Postgres:
    name = "postgres"

    def __init__(self, data_dir: Path, log_path: Path, *, ephemeral: bool) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.ephemeral = ephemeral
        self._bins = find_binaries()

    @property
    def binary(self) -> str | None:
        return self._bins.postgres if self._bins else None

    def _require(self) -> PgBinaries:
        if self._bins is None:
            raise LocalServicesError(
                "postgres: no PostgreSQL found (pg_ctl/initdb/postgres not on PATH and the "
                "'pgserver' wheel is not installed; install the 'local' extra)"
            )
        return self._bins

    def _run(
        self,
        run_as: RunAs,
        argv: list[str],
        stdin_text: str | None = None,
        timeout: float = READY_TIMEOUT + 15,
    ) -> int:
        return run_logged(
            run_as.wrap(argv),
            self.log_path,
            cwd=self.data_dir.parent,
            env=_clean_env(),
            stdin_text=stdin_text,
            timeout=timeout,
        )

    # ------------------------------------------------------------------ state on disk

    def postmaster(self) -> tuple[int, int] | None:
        """(pid, port) of a live postmaster serving our data dir, from postmaster.pid."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None
        return (pid, port) if self.alive(pid) else None

    def alive(self, pid: int) -> bool:
        return self.binary is not None and pid_runs(pid, self.binary)

    def ready(self, port: int) -> bool:
        return port_open(port)

    def _initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").is_file() and (self.data_dir / _MARKER).is_file()

    def _server_major(self, bins: PgBinaries) -> str:
        out = subprocess.run(
            [bins.postgres, "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", out)
        return match.group(1) if match else "?"

    def _initdb(self, bins: PgBinaries, run_as: RunAs) -> None:
        if self.data_dir.exists():  # a half-finished earlier init: nothing worth keeping
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(mode=0o700, parents=True)
        self.data_dir.chmod(0o700)
        run_as.chown_tree(self.data_dir)
        argv = [bins.initdb, "-D", str(self.data_dir), "-U", USER, "--auth=trust"]
        argv += ["--encoding=UTF8", "--locale=C"]
        if self.ephemeral:
            argv.append("--no-sync")
        if self._run(run_as, argv) != 0:
            raise service_error(self.name, "initdb failed", self.log_path)
        (self.data_dir / "pg_hba.conf").write_text(_HBA)
        single = [bins.postgres, "--single", "-D", str(self.data_dir), "-F"]
        setup = (
            f"CREATE DATABASE {DATABASE} OWNER {USER};\nALTER ROLE {USER} PASSWORD '{PASSWORD}';\n"
        )
        # single-user mode exits 0 even when a statement fails: verify by connecting to the db
        if (
            self._run(run_as, [*single, "template1"], setup) != 0
            or self._run(run_as, [*single, DATABASE], "SELECT 1;\n") != 0
        ):
            raise service_error(self.name, f"creating database {DATABASE!r} failed", self.log_path)
        (self.data_dir / _MARKER).write_text("ok\n")
        run_as.chown_tree(self.data_dir)

    # ------------------------------------------------------------------ lifecycle

    def start(self, port: int) -> int:
        """Initialise if needed, start via ``pg_ctl -w``; returns the postmaster pid."""
        bins = self._require()
        run_as = unprivileged_user()
        run_as.check_traversable(self.data_dir)
        if not self._initialised():
            self._initdb(bins, run_as)
        else:
            disk_major = (self.data_dir / "PG_VERSION").read_text().strip()
            server_major = self._server_major(bins)
            if disk_major != server_major:
                raise LocalServicesError(
                    f"postgres: {self.data_dir} was initialised by PostgreSQL {disk_major} but "
                    f"the binary found is PostgreSQL {server_major} ({bins.postgres}); "
                    "delete the data dir or put the matching binaries on PATH"
                )
            self.data_dir.chmod(0o700)
            if run_as.user is not None and self.data_dir.stat().st_uid != run_as.uid:
                run_as.chown_tree(self.data_dir)
            (self.data_dir / "pg_hba.conf").write_text(_HBA)
        running = self.postmaster()
        if running is not None:  # orphaned server (state lost): stop it, restart on our port
            self.stop(running[0])
        with contextlib.suppress(FileNotFoundError):
            (self.data_dir / "postmaster.pid").unlink()  # stale lock of a killed server

        opts = [
            f"-c listen_addresses={LOOPBACK}",
            f"-c port={port}",
            "-c unix_socket_directories=''",
        ]
        if self.ephemeral:
            opts += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        argv = [bins.pg_ctl, "-D", str(self.data_dir), "-w", "-t", str(int(READY_TIMEOUT))]
        argv += ["-o", " ".join(opts), "start"]
        if self._run(run_as, argv) != 0:
            raise service_error(self.name, "pg_ctl start failed", self.log_path)
        pm = self.postmaster()
        if pm is None:
            raise service_error(
                self.name, "postmaster not running after pg_ctl start", self.log_path
            )
        if not port_open(port, timeout=2.0):
            raise service_error(self.name, f"not listening on {LOOPBACK}:{port}", self.log_path)
        return pm[0]

    def stop(self, pid: int | None) -> None:
        """``pg_ctl stop -m fast`` (clients cut, a checkpoint) for up to 10 s, then SIGQUIT, then
        SIGKILL: done within about 30 s whatever the server does."""
        pm = self.postmaster()
        target = pm[0] if pm is not None else pid
        if target is None or not self.alive(target):
            return
        if self._bins is not None and pm is not None:
            argv = [self._bins.pg_ctl, "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "10"]
            stopped = self._run(unprivileged_user(), [*argv, "stop"], timeout=15.0) == 0
            if stopped and wait_dead(target, 5.0):
                return
        terminate(target, timeout=5.0, sig=signal.SIGQUIT)

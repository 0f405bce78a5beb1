"""Process, port and user helpers shared by the local service launchers (stdlib, and the
error base that `streamzctl` reports in one line)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from streamz.entrypoints import bootstrap

READY_TIMEOUT = 60.0
LOOPBACK = "127.0.0.1"


class LocalServicesError(bootstrap.LocalServicesError):
    """A local service could not be found, started or stopped."""


def log_tail(log_path: Path, lines: int = 25) -> str:
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return "(no log output)"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


def service_error(name: str, message: str, log_path: Path) -> LocalServicesError:
    return LocalServicesError(
        f"{name}: {message}\n--- last lines of {log_path} ---\n{log_tail(log_path)}"
    )


# ----------------------------------------------------------------------------- ports


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=timeout):
            return True
    except OSError:
        return False


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return not port_open(port, timeout=0.2)


# ----------------------------------------------------------------------------- pids


def pid_alive(pid: int) -> bool:
    """True if ``pid`` is a live (non-zombie) process; reaps it if it is our dead child.

    A killed multi-threaded server (redis-server has 4 threads) shows its main thread as a
    zombie while its other threads are still exiting; they still hold its files, listening
    sockets included, so its port is not free yet: alive until only the zombie is left.
    """
    with contextlib.suppress(ChildProcessError, OSError):
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs: trust kill(0)
    state = stat.rsplit(")", 1)[-1].split()[0]
    if state not in {"Z", "X"}:
        return True
    try:
        return len(os.listdir(f"/proc/{pid}/task")) > 1
    except OSError:
        return False


def pid_runs(pid: int, binary: str) -> bool:
    """True if ``pid`` is alive and (when procfs tells) runs ``binary``."""
    if not pid_alive(pid):
        return False
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return True
    exe = exe.removesuffix(" (deleted)")
    return os.path.realpath(exe) == os.path.realpath(binary) or Path(exe).name == Path(binary).name


def wait_dead(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return not pid_alive(pid)


def terminate(pid: int, timeout: float = 15.0, sig: signal.Signals = signal.SIGTERM) -> None:
    """Send ``sig``; SIGKILL if the process is still alive after ``timeout`` seconds."""
    if not pid_alive(pid):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    if wait_dead(pid, timeout):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if not wait_dead(pid, 5.0):
        raise LocalServicesError(f"process {pid} survived SIGKILL")


# ----------------------------------------------------------------------------- spawning


def spawn(
    argv: Sequence[str],
    log_path: Path,
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    umask: int = -1,
) -> subprocess.Popen[bytes]:
    """Start a detached process (own session, survives us) logging to ``log_path``.

    ``umask`` (e.g. ``0o077``) is the child's, for servers whose files only their owner reads.
    """
    with log_path.open("ab") as log:
        log.write(f"\n$ {shlex.join(argv)}\n".encode())
        log.flush()
        try:
            return subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=env,
                start_new_session=True,
                close_fds=True,
                umask=umask,
            )
        except OSError as exc:
            raise LocalServicesError(f"cannot execute {argv[0]}: {exc}") from exc


def run_logged(
    argv: Sequence[str],
    log_path: Path,
    *,
    cwd: Path,
    timeout: float = READY_TIMEOUT + 15,
    stdin_text: str | None = None,
    env: dict[str, str] | None = None,
) -> int:
    """Run a command to completion (own session), appending its output to ``log_path``."""
    with log_path.open("ab") as log:
        log.write(f"\n$ {shlex.join(argv)}\n".encode())
        log.flush()
        try:
            proc = subprocess.run(
                list(argv),
                input=stdin_text.encode() if stdin_text is not None else None,
                stdin=None if stdin_text is not None else subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=env,
                start_new_session=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            log.write(f"\n(timed out after {timeout:.0f}s)\n".encode())
            return -1
    return proc.returncode


def wait_ready(
    name: str,
    ready: Callable[[], bool],
    log_path: Path,
    *,
    proc: subprocess.Popen[bytes] | None = None,
    timeout: float = READY_TIMEOUT,
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if ready():
            return
        if proc is not None and proc.poll() is not None:
            raise service_error(
                name, f"exited with code {proc.returncode} during startup", log_path
            )
        if time.monotonic() >= deadline:
            raise service_error(name, f"not ready after {timeout:.0f}s", log_path)
        time.sleep(0.1)


# ----------------------------------------------------------------------------- users


@dataclass(frozen=True)
class RunAs:
    """Who runs a server that refuses root (postgres); ``user=None`` means the current user."""

    user: str | None
    uid: int
    gid: int

    def wrap(self, argv: Sequence[str]) -> list[str]:
        if self.user is None:
            return list(argv)
        runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
        if runuser is None:
            raise LocalServicesError(
                f"running as root: postgres must run as {self.user!r} but 'runuser' is missing"
            )
        return [runuser, "-u", self.user, "--", *argv]

    def chown_tree(self, path: Path) -> None:
        if self.user is None:
            return
        for dirpath, _dirs, files in os.walk(path):
            os.chown(dirpath, self.uid, self.gid)
            for name in files:
                os.chown(os.path.join(dirpath, name), self.uid, self.gid, follow_symlinks=False)

    def check_traversable(self, path: Path) -> None:
        """Every ancestor of ``path`` must be searchable by the unprivileged user."""
        if self.user is None:
            return
        for parent in path.resolve().parents:
            st = parent.stat()
            if st.st_uid == self.uid:
                ok = bool(st.st_mode & 0o100)
            elif st.st_gid == self.gid:
                ok = bool(st.st_mode & 0o010)
            else:
                ok = bool(st.st_mode & 0o001)
            if not ok:
                raise LocalServicesError(
                    f"postgres runs as {self.user!r} (initdb refuses root) but cannot reach "
                    f"{path}: {parent} is not traversable (chmod o+x {parent} or use another root)"
                )


def unprivileged_user() -> RunAs:
    """Current user when not root; otherwise ``nobody`` (or a ``streamz`` system user)."""
    if os.geteuid() != 0:
        return RunAs(None, os.geteuid(), os.getegid())
    for name in ("nobody", "streamz"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return RunAs(name, entry.pw_uid, entry.pw_gid)
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    result = subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "streamz"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise LocalServicesError(f"could not create system user 'streamz': {result.stderr.strip()}")
    entry = pwd.getpwnam("streamz")
    return RunAs("streamz", entry.pw_uid, entry.pw_gid)

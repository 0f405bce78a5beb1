"""The README's first-ten-minutes walk-through, run as written against a real `streamzctl dev`.

The blocks between ``<!-- walk-through`` and ``<!-- /walk-through -->`` in README.md are taken
verbatim: the first ``sh`` block runs in one bash (its variables carry from line to line),
each command's exit status and output recorded; the second ``sh`` block starts the websocket
client, which is fed the ``text`` block's lines as a person would type them. The only thing
the test sets is the environment (``STREAMZ_PORT``, which the README reads, a data dir, and
the suite's servers), as someone who ran ``cli/dev`` on another port would have.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from streamz.settings import Settings
from tests.integration.demo.running import Dev, running_dev

pytestmark = pytest.mark.timeout(420)

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
SCRIPT_SECONDS = 300
WS_SECONDS = 60


def walkthrough() -> list[tuple[str, str]]:
    """The fenced blocks of the walk-through: (language, text)."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index("<!-- walk-through")
    end = readme.index("<!-- /walk-through -->")
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(readme[start:end])]


def commands(block: str) -> list[str]:
    """The block's commands, a line continued by a trailing backslash joined to the next."""
    result: list[str] = []
    current = ""
    for line in block.splitlines(keepends=True):
        current += line
        if not line.rstrip("\n").endswith("\\"):
            if current.strip():
                result.append(current.rstrip("\n"))
            current = ""
    return result


def run_script(dev: Dev, lines: list[str]) -> list[tuple[str, int, str]]:
    """Run the commands in one bash, in the checkout; (command, exit status, output) each."""
    script = ["set -o pipefail"]
    for number, line in enumerate(lines):
        script += [
            f"printf '\\n@@begin {number}@@\\n'",
            line,
            f"printf '\\n@@end {number} %d@@\\n' $?",
        ]
    process = subprocess.Popen(
        ["bash", "-c", "\n".join(script)],
        cwd=ROOT,
        env=dev.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # on a timeout, everything it started is killed
    )
    try:
        stdout, stderr = process.communicate(timeout=SCRIPT_SECONDS)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    results = []
    for number, line in enumerate(lines):
        found = re.search(rf"@@begin {number}@@\n(.*?)\n@@end {number} (\d+)@@", stdout, re.DOTALL)
        assert found is not None, f"{line!r} did not run:\n{stdout[-2000:]}\n{stderr}"
        results.append((line, int(found.group(2)), found.group(1)))
    return results


def output_of(results: list[tuple[str, int, str]], *words: str) -> Any:
    """The JSON output of the one command that holds every word."""
    [output] = [out for line, _, out in results if all(w in line for w in words)]
    return json.loads(output)


class Client:
    """The README's websocket command in a bash, typed into line by line."""

    def __init__(self, dev: Dev, block: str) -> None:
        self.process = subprocess.Popen(
            ["bash", "-c", block],
            cwd=ROOT,
            env=dev.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.output = ""
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self.output += line

    def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, *texts: str) -> None:
        deadline = time.monotonic() + WS_SECONDS
        while time.monotonic() < deadline:
            with self._lock:
                if all(t in self.output for t in texts):
                    return
            assert self.process.poll() is None, f"the client exited:\n{self.output}"
            time.sleep(0.1)
        raise AssertionError(f"never saw {texts}:\n{self.output}")

    def close(self) -> int | None:
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()  # Ctrl-D
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            return None
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)


def test_the_readme_walkthrough_goes_live_chats_and_ends_with_a_vod(
    settings: Settings, tmp_path: Path, clean: None
) -> None:
    blocks = walkthrough()
    assert [language for language, _ in blocks] == ["sh", "sh", "text"]
    (_, main), (_, websocket), (_, typed) = blocks

    with running_dev(settings, tmp_path / "dev") as dev:
        results = run_script(dev, commands(main))
        for line, status, output in results:
            assert status == 0, f"{line!r} exited {status}:\n{output}"

        assert output_of(results, "/private/v1/me")["username"] == "alice"
        directory = output_of(results, "/public/v1/livestreams")["data"]
        titles = {s["channel"]["slug"]: s["title"] for s in directory}
        assert set(titles) == {"alice", "bob", "carol", "dave"}
        assert titles["alice"] == "My first stream"
        sent = output_of(results, "-d", "/chatroom/messages")
        history = output_of(results, "curl $API/public/v1/channels/alice/chatroom/messages")
        assert [m["id"] for m in history["data"]] == [sent["id"]]
        assert history["data"][0]["content"] == "hello, chat"
        [vod] = output_of(results, "/vods")["data"]
        assert vod["title"] == "My first stream"

        client = Client(dev, websocket)
        try:
            client.wait_for('"type":"welcome"')
            frames = [line for line in typed.splitlines() if line.strip()]
            client.type(frames[0])
            client.wait_for('"type":"subscribed"')
            client.type(frames[1])
            client.wait_for('"chat.message_sent"', "hi alice, from the websocket", '"type":"ack"')
        finally:
            code = client.close()
        assert code == 0, client.output
        assert "Connection closed" in client.output

"""An installed Streamz has no ``streamz_dev`` (the wheel does not carry it): the product still
imports and runs against external servers, and the development commands say where they run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# as in an installed wheel: `import streamz_dev` fails
_RUN = """
import sys
sys.modules["streamz_dev"] = None
from streamz.entrypoints.cli.main import app
assert not [name for name in sys.modules if name.startswith("streamz_dev.")]
app(sys.argv[1:])
"""


def streamzctl(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMZ_")}
    env["STREAMZ_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", [["dev"], ["worker"]])
def test_dev_commands_say_they_run_from_a_checkout(tmp_path: Path, command: list[str]) -> None:
    result = streamzctl(tmp_path, *command)
    assert result.returncode == 2, result.stderr
    assert "run from a source checkout of Streamz" in result.stderr
    assert "Traceback" not in result.stderr

"""The library entrypoint: integrators call use cases without HTTP, in memory or on Postgres."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import asyncpg
import pytest

from streamz.core.channels.get_channel import GetChannel, GetChannelRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.errors import UsernameTaken
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.library import Streamz
from streamz.settings import Settings
from streamz_dev.localservices import LocalServices
from tests.integration.conftest import count


async def test_library_in_memory() -> None:
    async with Streamz.in_memory() as streamz:
        registration = await streamz.call(
            RegisterAccount,
            RegisterAccountRequest(Principal.system(), "id-1", "alice", "a@example.com"),
        )
        profile = await streamz.call(GetChannel, GetChannelRequest(Principal.anonymous(), "alice"))
    assert registration.created
    assert profile.channel.id == registration.channel.id
    assert profile.owner.username == "alice"


async def test_library_on_postgres(settings: Settings, db: asyncpg.Connection) -> None:
    async with Streamz.from_settings(settings) as streamz:
        await streamz.call(
            RegisterAccount,
            RegisterAccountRequest(Principal.system(), "id-2", "bob", "b@example.com"),
        )
        with pytest.raises(UsernameTaken):
            await streamz.call(
                RegisterAccount,
                RegisterAccountRequest(Principal.system(), "id-3", "BOB", "c@example.com"),
            )
        profile = await streamz.call(GetChannel, GetChannelRequest(Principal.anonymous(), "bob"))
    assert profile.owner.email == "b@example.com"
    assert await count(db, "accounts") == 1


EXAMPLE = Path(__file__).parents[2] / "examples" / "library.py"


def _run_example(env: dict[str, str], *, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode == 0) == ok, done.stderr
    return done


def test_readme_shows_the_example_verbatim() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme.split("### As a library", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert block == EXAMPLE.read_text()


def test_example_runs_as_written_on_configured_servers(settings: Settings, clean: None) -> None:
    env = {**os.environ, **settings.as_env()}
    first = _run_example(env).stdout
    assert re.fullmatch(r"zoe: channel [0-9a-f-]{36}, new: True\n", first)
    again = _run_example(env).stdout  # a second run finds zoe, as a replayed webhook would
    assert again == first.replace("new: True", "new: False")


def test_example_finds_the_local_services_that_streamzctl_runs() -> None:
    """No STREAMZ_*_URL: ``Streamz.from_env()`` uses the services of the data directory, as
    ``streamzctl`` does (the README runs the example beside ``cli/dev``)."""
    data = Path(tempfile.mkdtemp(prefix="streamz-lib-", dir="/tmp"))
    data.chmod(0o755)  # postgres runs as an unprivileged user when the tests run as root
    services = LocalServices(data / "services", fixed_ports=False, ephemeral=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMZ_")}
    env["STREAMZ_DATA_DIR"] = str(data)
    try:
        without = _run_example(env, ok=False)
        assert "no services: run `streamzctl services up`" in without.stderr
        services.start()
        streamzctl = Path(sys.executable).parent / "streamzctl"
        subprocess.run([str(streamzctl), "db", "upgrade"], env=env, check=True, timeout=120)
        assert re.fullmatch(r"zoe: channel [0-9a-f-]{36}, new: True\n", _run_example(env).stdout)
    finally:
        services.stop()
        shutil.rmtree(data, ignore_errors=True)

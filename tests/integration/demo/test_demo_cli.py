"""`streamzctl demo live|end|seed` against a running `streamzctl dev` (its fake Livepeer sends
the signed webhooks; its worker applies them): live -> in the directory -> ended -> a VOD;
seed twice fills once; refused without the fake."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner, Result

from streamz.entrypoints.cli.main import app
from tests.integration.demo.running import Dev

pytestmark = pytest.mark.timeout(180)


def streamzctl(dev: Dev, *args: str, env: dict[str, str] | None = None) -> Result:
    variables = {k: v for k, v in dev.env.items() if k.startswith("STREAMZ_")}
    return CliRunner().invoke(app, list(args), env={**variables, **(env or {})})


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def get(dev: Dev, path: str) -> Any:
    answer = httpx.get(f"{dev.url}/public/v1{path}", timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def live_slugs(dev: Dev) -> dict[str, str]:
    """slug -> title of every live stream in the directory."""
    return {s["channel"]["slug"]: s["title"] for s in get(dev, "/livestreams?limit=100")["data"]}


def test_a_channel_goes_live_shows_in_the_directory_and_ends_with_a_vod(
    dev: Dev, clean: None
) -> None:
    ok(streamzctl(dev, "accounts", "create", "alice", "alice@example.com"))
    out = ok(streamzctl(dev, "demo", "live", "alice", "--title", "My first stream"))
    assert "alice is live" in out
    assert live_slugs(dev) == {"alice": "My first stream"}
    assert get(dev, "/channels/alice")["is_live"] is True
    assert "was live already" in ok(streamzctl(dev, "demo", "live", "alice"))

    out = ok(streamzctl(dev, "demo", "end", "alice"))
    assert "alice ended; its VOD" in out
    assert live_slugs(dev) == {}
    assert get(dev, "/channels/alice")["is_live"] is False
    [vod] = get(dev, "/channels/alice/vods")["data"]
    assert vod["title"] == "My first stream"
    assert vod["id"] in out
    [stream] = get(dev, "/channels/alice/livestreams")["data"]
    assert stream["ended_at"] is not None
    assert vod["livestream_id"] == stream["id"]

    again = streamzctl(dev, "demo", "end", "alice")
    assert again.exit_code == 1
    assert "alice is not live" in again.output


def test_live_for_some_seconds_ends_by_itself(dev: Dev, clean: None) -> None:
    ok(streamzctl(dev, "accounts", "create", "alice", "alice@example.com"))
    out = ok(streamzctl(dev, "demo", "live", "alice", "--seconds", "1"))
    assert "alice is live" in out
    assert "alice ended; its VOD" in out
    assert live_slugs(dev) == {}
    assert len(get(dev, "/channels/alice/vods")["data"]) == 1


def seeded(dev: Dev) -> dict[str, Any]:
    channels = ("bob", "carol", "dave", "erin", "frank")
    return {
        "categories": sorted(c["slug"] for c in get(dev, "/categories?limit=100")["data"]),
        "followers": {c: get(dev, f"/channels/{c}")["followers_count"] for c in channels},
        "live": live_slugs(dev),
        "messages": {
            c: [m["content"] for m in get(dev, f"/channels/{c}/chatroom/messages")["data"]]
            for c in ("bob", "carol", "dave")
        },
    }


def test_seed_fills_a_fresh_install_once(dev: Dev, clean: None) -> None:
    first = ok(streamzctl(dev, "demo", "seed"))
    assert "3 went live now" in first
    filled = seeded(dev)
    assert filled["categories"] == [
        "chess",
        "just-chatting",
        "music",
        "software-and-game-development",
        "speedrunning",
    ]
    assert filled["followers"] == {"bob": 3, "carol": 3, "dave": 3, "erin": 1, "frank": 1}
    assert filled["live"] == {
        "bob": "Lo-fi beats to code to",
        "carol": "Building a game engine in a weekend",
        "dave": "Blitz with viewers",
    }
    assert len(filled["messages"]["bob"]) == 3
    assert "triangles on screen, finally" in filled["messages"]["carol"]

    second = ok(streamzctl(dev, "demo", "seed"))
    assert "0 went live now" in second
    assert "0 new chat messages" in second
    assert seeded(dev) == filled


def test_refused_without_the_fake_livepeer_of_a_running_dev(
    dev: Dev, clean: None, tmp_path: Any
) -> None:
    elsewhere = streamzctl(dev, "demo", "seed", env={"STREAMZ_DATA_DIR": str(tmp_path)})
    assert elsewhere.exit_code == 2
    assert "no fake Livepeer runs on the data dir" in elsewhere.output
    assert "development only" in elsewhere.output
    real = {
        "STREAMZ_LIVEPEER_API_KEY": "a-real-key",
        "STREAMZ_LIVEPEER_WEBHOOK_SECRET": "a-real-secret",
    }
    refused = streamzctl(dev, "demo", "live", "alice", env=real)
    assert refused.exit_code == 2
    assert "real Livepeer" in refused.output
    assert get(dev, "/categories?limit=100")["data"] == []  # nothing written


def test_ctrl_c_ends_a_timed_broadcast_sooner_with_its_vod(dev: Dev, clean: None) -> None:
    ok(streamzctl(dev, "accounts", "create", "alice", "alice@example.com"))
    command = [str(Path(sys.executable).parent / "streamzctl"), "demo", "live", "alice"]
    process = subprocess.Popen(
        [*command, "--seconds", "600"],
        env=dev.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        assert "alice is live" in process.stdout.readline()  # bounded by the test's timeout
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=60)[0]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert "alice ended; its VOD" in rest
    assert live_slugs(dev) == {}
    assert len(get(dev, "/channels/alice/vods")["data"]) == 1

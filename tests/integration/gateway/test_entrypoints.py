"""Staff and integrators: `streamzctl ws stats` lists every live instance with its
connections, rooms and queues; the library's publish API (and `streamzctl ws publish`) reach
subscribers on every instance."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from streamz.core.identity.entities import Principal
from streamz.core.realtime.publish_event import PublishEvent, PublishEventRequest
from streamz.entrypoints.cli.main import app
from streamz.library import Streamz
from streamz.settings import Settings
from tests.integration.conftest import streamz_env
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import Client, Instance

SYSTEM = Principal.system()


async def streamzctl(settings: Settings, data_dir: Path, *args: str) -> tuple[int, str, str]:
    env = {
        **os.environ,
        "STREAMZ_DATABASE_URL": settings.database.url or "",
        "STREAMZ_REDIS_URL": settings.redis.url or "",
        "STREAMZ_TYPESENSE_URL": settings.search.url or "",
        "STREAMZ_TYPESENSE_API_KEY": settings.search.api_key or "",
        "STREAMZ_DATA_DIR": str(data_dir),
        "STREAMZ_LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "streamzctl"),
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def invoke(settings: Settings, data_dir: Path, *args: str) -> Awaitable[tuple[int, str, str]]:
    """`streamzctl` in this process (Typer's runner, in a thread: the command runs its own
    event loop)."""

    def run() -> tuple[int, str, str]:
        with streamz_env(settings, data_dir):
            result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    return asyncio.to_thread(run)


async def test_ws_stats_lists_every_instance(
    a: Instance, b: Instance, people: People, settings: Settings, tmp_path: Path
) -> None:
    clients = [await Client.open(a.ws, people.fan.token) for _ in range(3)]
    clients.append(await Client.open(b.ws))
    for client in clients:
        await client.recv()
        await client.subscribe("chatroom:owner")
    await clients[0].subscribe("user")
    hub_a, hub_b = await a.hub(), await b.hub()
    await asyncio.sleep(0.5)  # both wrote their record (every 0.3 s here)
    code, out, err = await streamzctl(settings, tmp_path, "ws", "stats")
    assert code == 0, err
    stats = json.loads(out)
    by_name = {i["instance"]: i for i in stats["instances"]}
    assert set(by_name) == {hub_a.instance, hub_b.instance}
    on_a = by_name[hub_a.instance]
    assert (on_a["connections"], on_a["signed_in"], on_a["rooms"], on_a["topics"]) == (3, 3, 1, 2)
    assert on_a["subscriptions"] == 4
    assert on_a["listener_connected"] is True
    assert on_a["queue_max"] >= 0
    assert on_a["counters"]["connections"] == 3
    assert by_name[hub_b.instance]["connections"] == 1
    assert stats["total"]["connections"] == 4
    # an instance that stops leaves the list
    await b.stop()
    code, out, _ = await invoke(settings, tmp_path, "ws", "stats")
    assert [i["instance"] for i in json.loads(out)["instances"]] == [hub_a.instance]


async def test_the_library_publishes_to_every_instance(
    a: Instance, b: Instance, people: People, settings: Settings, tmp_path: Path
) -> None:
    watchers: list[tuple[Client, str]] = []
    for instance in (a, b):
        client = await Client.open(instance.ws, people.fan.token)
        await client.recv()
        watchers.append((client, (await client.subscribe("chatroom:owner"))["topic"]))
    fan = watchers[0][0]
    private = (await fan.subscribe("user"))["topic"]
    async with Streamz.from_settings(settings) as lib:
        data: dict[str, Any] = {"question": "best emote?", "options": ["a", "b"]}
        published = await lib.call(
            PublishEvent, PublishEventRequest(SYSTEM, "chatroom:owner", "acme.poll_started", data)
        )
        await lib.call(
            PublishEvent,
            PublishEventRequest(SYSTEM, f"user:{people.fan.account_id}", "acme.reward", {"n": 1}),
        )
    assert published.topic == watchers[0][1]
    for client, topic in watchers:
        event = await client.event("acme.poll_started")
        assert event == {
            "type": "event",
            "topic": topic,
            "event": "acme.poll_started",
            "durable": False,
            "data": {"question": "best emote?", "options": ["a", "b"]},
        }
    reward = await fan.event("acme.reward")
    assert reward["topic"] == private

    code, out, err = await invoke(
        settings, tmp_path, "ws", "publish", "chatroom:owner", "acme.poll_ended", "--data",
        '{"winner": "a"}',
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["topic"] == watchers[0][1]
    for client, _ in watchers:
        assert (await client.event("acme.poll_ended"))["data"] == {"winner": "a"}
    code, _, err = await invoke(settings, tmp_path, "ws", "publish", "chatroom:owner", "x")
    assert code == 1
    assert err.startswith("error: invalid")

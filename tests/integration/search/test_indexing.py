"""The indexing path against the real Typesense: outbox → relay → SAQ job; reindex with an
alias swap (CLI); Typesense down: 503 at once, writes go on, and the index catches up."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient
from saq import Worker
from typer.testing import CliRunner

from streamz.container import make_container
from streamz.core.errors import Unavailable
from streamz.core.identity.entities import Principal
from streamz.core.search.index_events import IndexSearchEvents, IndexSearchEventsRequest
from streamz.core.shared.events import Event
from streamz.entrypoints.cli.main import app as cli_app
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings
from streamz_dev.localservices._process import free_port
from streamz_dev.localservices.typesense import Typesense, load_or_create_api_key
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register, streamz_env

from .conftest import PREFIX, names, reconcile


async def eventually(condition: Callable[[], Awaitable[bool]], seconds: float = 20) -> None:
    async with asyncio.timeout(seconds):
        while not await condition():  # noqa: ASYNC110 - polling the worker's effect
            await asyncio.sleep(0.05)


@pytest.fixture
async def worker(settings: Settings, db: asyncpg.Connection) -> AsyncIterator[Worker[Any]]:
    """The SAQ worker with the outbox relay, in this process."""
    container = make_container(settings)
    runner = build_worker(settings.redis.url or "", container, relay=True)
    runner.SIGNALS = []
    runner._shutdown_grace_period_s = 1
    task = asyncio.create_task(runner.start())
    try:
        yield runner
    finally:
        await runner.stop()
        await asyncio.gather(task, return_exceptions=True)
        await runner.queue.disconnect()
        await container.close()


async def test_outbox_reaches_the_index(
    client: Client, ory: FakeOry, worker: Worker[Any], db: asyncpg.Connection
) -> None:
    await register(client, ory, "fresh_face")  # account.registered → the channel document

    async def searchable() -> bool:
        body = (await client.get("/public/v1/search/channels", params={"q": "fresh"})).json()
        return names(body) == ["fresh_face"] if "data" in body else False

    await eventually(searchable)
    # a follow changes followers: the outbox carries it to the index
    fan = await register(client, ory, "fan")
    followed = await client.put("/private/v1/me/follows/channels/fresh_face", headers=fan.auth)
    assert followed.status_code in {200, 201, 204}, followed.text

    async def counted() -> bool:
        body = (await client.get("/public/v1/search/channels", params={"q": "fresh"})).json()
        return bool(body.get("data")) and body["data"][0]["followers"] == 1

    await eventually(counted)


runner = CliRunner()


def test_reindex_swaps_the_alias(
    settings: Settings, tmp_path: Path, db: asyncpg.Connection
) -> None:
    with streamz_env(settings, tmp_path) as env:
        env_prefix = {"STREAMZ_SEARCH_PREFIX": PREFIX}
        for name in ("alpha", "bravo", "charlie"):
            created = runner.invoke(
                cli_app, ["accounts", "create", name, f"{name}@example.com"], env=env_prefix
            )
            assert created.exit_code == 0, created.stderr
        first = runner.invoke(cli_app, ["search", "reindex", "--no-progress"], env=env_prefix)
        assert first.exit_code == 0, first.stderr
        versions = {r["collection"]: r for r in json.loads(first.stdout)}
        assert versions["channels"]["documents"] == 3
        second = runner.invoke(
            cli_app,
            ["search", "reindex", "--collection", "channels", "--progress"],
            env=env_prefix,
        )
        assert second.exit_code == 0, second.stderr
        [again] = json.loads(second.stdout)
        assert again["replaced"] == versions["channels"]["version"]
        assert again["version"] != again["replaced"]
        headers = {"X-TYPESENSE-API-KEY": env["STREAMZ_TYPESENSE_API_KEY"]}
        url = env["STREAMZ_TYPESENSE_URL"]
        alias = httpx.get(f"{url}/aliases/{PREFIX}_channels", headers=headers).json()
        assert alias["collection_name"] == again["version"]
        old = httpx.get(f"{url}/collections/{again['replaced']}", headers=headers)
        assert old.status_code == 404  # dropped
        found = runner.invoke(cli_app, ["search", "channels", "brav"], env=env_prefix)
        assert found.exit_code == 0, found.stderr
        assert [h["username"] for h in json.loads(found.stdout)["data"]] == ["bravo"]
        reconciled = runner.invoke(cli_app, ["search", "reconcile"], env=env_prefix)
        assert reconciled.exit_code == 0, reconciled.stderr
        checked = {
            r["collection"]: (r["checked"], r["upserted"]) for r in json.loads(reconciled.stdout)
        }
        assert checked["channels"] == (3, 0)  # level after the reindex
        suggested = runner.invoke(cli_app, ["search", "suggest", "cha"], env=env_prefix)
        assert [s["slug"] for s in json.loads(suggested.stdout)["data"]] == ["charlie"]
        everything = runner.invoke(cli_app, ["search", "query", "alpha"], env=env_prefix)
        assert json.loads(everything.stdout)["channels"]["found"] == 1
        trending = runner.invoke(cli_app, ["search", "trending", "--window", "day"], env=env_prefix)
        assert {"query": "alpha", "count": 1} in json.loads(trending.stdout)["data"]
        bad = runner.invoke(cli_app, ["search", "reindex", "--collection", "users"], env=env_prefix)
        assert bad.exit_code != 0


class OwnTypesense:
    """A Typesense of this test's own, to stop and start (the session's one stays up)."""

    def __init__(self, root: Path) -> None:
        (root / "typesense").mkdir()
        self.server = Typesense(root / "typesense", root / "typesense.log")
        self.key = load_or_create_api_key(root / "typesense.key")
        self.port, self.peering = free_port(), free_port()
        self.pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.pid = self.server.start(self.port, self.peering, self.key)

    def stop(self) -> None:
        self.server.stop(self.pid)
        self.pid = None


@pytest.fixture
def own_typesense(tmp_path: Path) -> Iterator[OwnTypesense]:
    own = OwnTypesense(tmp_path)
    own.start()
    yield own
    own.stop()


async def test_typesense_down_then_catch_up(
    settings: Settings,
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    own_typesense: OwnTypesense,
) -> None:
    own = replace(
        settings,
        search=replace(settings.search, url=own_typesense.url, api_key=own_typesense.key),
    )
    await register(client, ory, "before_outage")
    await reconcile(own)
    own_typesense.stop()
    app = create_app(own, make_container(own))
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as down:
        started = time.monotonic()
        response = await down.get("/public/v1/search", params={"q": "before"})
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith("/unavailable")
        assert time.monotonic() - started < 2.5
        # writes keep working while the index is down
        user = await register(down, ory, "during_outage")
        assert user.account_id
    container = make_container(own)
    try:
        async with container() as scope:
            index = await scope.get(IndexSearchEvents)
            event = Event(
                "account.registered",
                user.account_id,
                {"channel_id": user.account_id},
                datetime.now(UTC),
            )
            with pytest.raises(Unavailable):
                await index(IndexSearchEventsRequest(Principal.system(), [event]))
    finally:
        await container.close()
    own_typesense.start()
    await reconcile(own)  # the periodic job catches up after the outage
    app = create_app(own, make_container(own))
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as up:
        body = (await up.get("/public/v1/search/channels", params={"q": "outage"})).json()
        assert sorted(names(body)) == ["before_outage", "during_outage"]

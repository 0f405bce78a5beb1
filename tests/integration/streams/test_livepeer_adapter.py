"""The real Livepeer adapter (httpx) against the fake Livepeer Studio over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from structlog.testing import capture_logs

from streamz.adapters.livepeer.studio import LivepeerStudio
from streamz.core.live.streams.errors import LivepeerUnavailable
from tests.fakes.livepeer import FakeLivepeer


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def studio(http: httpx.AsyncClient, livepeer: FakeLivepeer, **kwargs: object) -> LivepeerStudio:
    key = str(kwargs.pop("api_key", livepeer.api_key))
    return LivepeerStudio(http, livepeer.url, key, **kwargs)  # type: ignore[arg-type]


async def test_streams_are_created_read_and_deleted(
    http: httpx.AsyncClient, livepeer: FakeLivepeer
) -> None:
    adapter = studio(http, livepeer)
    with capture_logs() as logs:
        created = await adapter.create_stream("streamz-alice")
        assert await adapter.get_stream(created.id) == created
        await adapter.delete_stream(created.id)
        await adapter.delete_stream(created.id)  # gone already: fine
    assert await adapter.get_stream(created.id) is None
    [call] = livepeer.calls_to("POST", "/stream")
    assert call.authorized
    assert call.body == {"name": "streamz-alice", "record": True}
    assert call.status == 201
    stream = livepeer.stream(created.id)
    assert (stream["streamKey"], stream["playbackId"]) == (created.stream_key, created.playback_id)
    assert stream["deleted"] is True
    printed = repr(logs)
    assert created.stream_key not in printed
    assert livepeer.api_key not in printed


async def test_assets_are_deleted_once(http: httpx.AsyncClient, livepeer: FakeLivepeer) -> None:
    adapter = studio(http, livepeer)
    livepeer.recording_ready("stream-1", started=0, last_seen=1)
    [asset_id] = livepeer.assets
    await adapter.delete_asset(asset_id)
    await adapter.delete_asset(asset_id)  # 400 "already deleted": done
    await adapter.delete_asset("unknown")  # 404: done
    statuses = [c.status for c in livepeer.calls_to("DELETE", "/asset")]
    assert statuses == [204, 400, 404]
    assert livepeer.assets[asset_id]["deleted"] is True


@pytest.mark.parametrize("status", [500, 502, 503, 429, 401, 403])
async def test_errors_are_unavailable(
    http: httpx.AsyncClient, livepeer: FakeLivepeer, status: int
) -> None:
    adapter = studio(http, livepeer)
    livepeer.fail("POST", "/stream", status)
    livepeer.fail("DELETE", "/asset", status)
    with pytest.raises(LivepeerUnavailable):
        await adapter.create_stream("x")
    with pytest.raises(LivepeerUnavailable):
        await adapter.delete_asset("a1")


async def test_a_wrong_key_is_unavailable_and_never_logged(
    http: httpx.AsyncClient, livepeer: FakeLivepeer
) -> None:
    adapter = studio(http, livepeer, api_key="wrong-key-123")
    with capture_logs() as logs, pytest.raises(LivepeerUnavailable) as info:
        await adapter.create_stream("x")
    assert "401" in info.value.detail
    assert "wrong-key-123" not in repr(logs) + info.value.detail
    assert livepeer.calls_to("POST", "/stream")[0].authorized is False


async def test_timeouts_and_unreachable_are_unavailable(
    http: httpx.AsyncClient, livepeer: FakeLivepeer
) -> None:
    adapter = studio(http, livepeer, timeout=httpx.Timeout(0.3))
    livepeer.stall(1.0)
    with pytest.raises(LivepeerUnavailable) as info:
        await adapter.create_stream("x")
    assert "in time" in info.value.detail
    gone = LivepeerStudio(http, "http://127.0.0.1:9/api", "k")
    with pytest.raises(LivepeerUnavailable):
        await gone.delete_asset("a1")

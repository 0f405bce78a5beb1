"""The streams context wired up: settings, the memory container, the worker's job names,
signature and payload helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from streamz.core.live.streams import signature
from streamz.core.live.streams.errors import WebhookSignatureInvalid
from streamz.core.live.streams.payloads import recording_of, stream_id_of
from streamz.settings import LivepeerSettings, Settings, SettingsError

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_livepeer_settings() -> None:
    defaults = Settings.from_env({})
    assert defaults.livepeer.url == "https://livepeer.studio/api"
    assert (defaults.livepeer.api_key, defaults.livepeer.webhook_secret) == (None, None)
    assert defaults.livepeer.rtmp_url == "rtmp://rtmp.livepeer.com/live"
    configured = Settings.from_env(
        {
            "STREAMZ_LIVEPEER_URL": "http://127.0.0.1:9999/api/",
            "STREAMZ_LIVEPEER_API_KEY": "key",
            "STREAMZ_LIVEPEER_WEBHOOK_SECRET": "secret",
            "STREAMZ_LIVEPEER_RTMP_URL": "rtmps://ingest.example/live",
            "STREAMZ_LIVEPEER_SRT_URL": "srt://ingest.example:2935",
            "STREAMZ_LIVEPEER_PLAYBACK_URL": "https://cdn.example/hls",
        }
    )
    assert configured.livepeer.url == "http://127.0.0.1:9999/api"
    assert configured.livepeer.rtmp_url == "rtmps://ingest.example/live"
    with pytest.raises(SettingsError) as info:
        Settings.from_env(
            {
                "STREAMZ_LIVEPEER_API_KEY": "key",
                "STREAMZ_LIVEPEER_URL": "ftp://x",
                "STREAMZ_LIVEPEER_SRT_URL": "http://x",
            }
        )
    message = str(info.value)
    assert "STREAMZ_LIVEPEER_WEBHOOK_SECRET is required" in message
    assert "STREAMZ_LIVEPEER_URL='ftp://x'" in message
    assert "STREAMZ_LIVEPEER_SRT_URL='http://x'" in message
    assert "sekrit" not in message  # the key itself is never echoed


def test_a_local_webhook_secret_is_made_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    secret = settings.livepeer_secret()
    assert len(secret) >= 32
    assert settings.livepeer_secret() == secret
    path = tmp_path / "data" / "livepeer-webhook-secret"
    assert path.stat().st_mode & 0o777 == 0o600
    configured = Settings(
        data_dir=tmp_path / "other", livepeer=LivepeerSettings(webhook_secret="given")
    )
    assert configured.livepeer_secret() == "given"
    assert not (tmp_path / "other").exists()


async def test_every_use_case_resolves_in_memory() -> None:
    from streamz.container import make_memory_container
    from streamz.container.streams import UseCases

    container = make_memory_container()
    try:
        async with container() as request:
            for factory in UseCases().factories:
                assert await request.get(factory.provides.type_hint) is not None
    finally:
        await container.close()


def test_worker_job_names_match_the_queue() -> None:
    from streamz.adapters.livepeer import jobs
    from streamz.entrypoints.worker.main import (
        QUEUE_NAME,
        delete_vod_asset,
        process_livepeer_event,
    )

    assert QUEUE_NAME == jobs.QUEUE_NAME == "streamz"
    assert process_livepeer_event.__name__ == jobs.PROCESS_EVENT
    assert delete_vod_asset.__name__ == jobs.DELETE_ASSET


def test_signature_parts() -> None:
    parsed = signature.parse("t=1700000000000, v1=AB12,v1=cd34,v9=zz")
    assert parsed.timestamp_ms == 1_700_000_000_000
    assert parsed.signatures == ("ab12", "cd34")
    assert parsed.signed_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    with pytest.raises(WebhookSignatureInvalid):
        signature.parse("t=1,t2")


def test_recording_fields() -> None:
    body = {
        "stream": {"id": "s1"},
        "payload": {
            "recordingUrl": "https://x/index.m3u8",
            "session": {"id": "sess", "parentId": "s2", "sourceSegmentsDuration": "long"},
        },
    }
    assert stream_id_of(body) == "s1"
    recording = recording_of(body)
    assert recording is not None
    assert (recording.asset_id, recording.duration_seconds, recording.thumbnail_url) == (
        "sess",
        0,
        None,
    )
    del body["stream"]
    assert stream_id_of(body) == "s2"
    assert recording_of({"payload": {"session": {"id": "x"}}}) is None

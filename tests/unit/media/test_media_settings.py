from __future__ import annotations

import pytest

from streamz.settings import Settings, SettingsError


def problems(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as info:
        Settings.from_env(env)
    return str(info.value)


def test_local_store_is_the_default() -> None:
    settings = Settings.from_env({"STREAMZ_DATA_DIR": "/srv/streamz", "STREAMZ_PORT": "9000"})
    assert settings.media.store == "local"
    assert settings.media_dir.as_posix() == "/srv/streamz/media"
    assert settings.media_url == "http://127.0.0.1:9000/media"
    assert (settings.media.s3_bucket, settings.media.s3_region, settings.media.s3_endpoint_url) == (
        None,
        "us-east-1",
        None,
    )


def test_s3_store() -> None:
    settings = Settings.from_env(
        {
            "STREAMZ_OBJECT_STORE": "S3",
            "STREAMZ_S3_BUCKET": "media",
            "STREAMZ_S3_REGION": "eu-west-3",
        }
    )
    assert settings.media.store == "s3"
    assert settings.media_url == "https://media.s3.eu-west-3.amazonaws.com"
    custom = Settings.from_env(
        {
            "STREAMZ_OBJECT_STORE": "s3",
            "STREAMZ_S3_BUCKET": "media",
            "STREAMZ_S3_ENDPOINT_URL": "http://minio:9000/",
        }
    )
    assert custom.media_url == "http://minio:9000/media"


def test_media_base_url_wins() -> None:
    settings = Settings.from_env({"STREAMZ_MEDIA_BASE_URL": "https://cdn.example.com/m/"})
    assert settings.media_url == "https://cdn.example.com/m"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STREAMZ_OBJECT_STORE": "gcs"}, "STREAMZ_OBJECT_STORE='gcs' must be local or s3"),
        (
            {"STREAMZ_OBJECT_STORE": "s3"},
            "STREAMZ_S3_BUCKET is required with STREAMZ_OBJECT_STORE=s3",
        ),
        ({"STREAMZ_S3_REGION": "eu west"}, "STREAMZ_S3_REGION='eu west' is not a region name"),
        ({"STREAMZ_S3_ENDPOINT_URL": "minio:9000"}, "STREAMZ_S3_ENDPOINT_URL='minio:9000' must be"),
        ({"STREAMZ_MEDIA_BASE_URL": "ftp://cdn"}, "STREAMZ_MEDIA_BASE_URL='ftp://cdn' must be"),
    ],
)
def test_bad_media_settings_are_named(env: dict[str, str], message: str) -> None:
    assert message in problems(env)

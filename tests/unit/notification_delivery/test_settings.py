"""The notification delivery settings read from ``STREAMZ_*``."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamz.settings import Settings, SettingsError


def test_defaults_are_the_embedded_ones(tmp_path: Path) -> None:
    settings = Settings.from_env({"STREAMZ_DATA_DIR": str(tmp_path)})
    assert settings.fcm.url is None
    assert settings.email.provider == "log"
    assert settings.fcm.rate_per_minute == 600_000
    assert settings.email.rate_per_second == 14


def test_ses_endpoint_implies_ses_and_values_are_read(tmp_path: Path) -> None:
    credentials = tmp_path / "sa.json"
    credentials.write_text("{}")
    settings = Settings.from_env(
        {
            "STREAMZ_DATA_DIR": str(tmp_path),
            "STREAMZ_FCM_URL": "http://127.0.0.1:9099/",
            "STREAMZ_FCM_PROJECT_ID": "prod",
            "STREAMZ_FCM_CREDENTIALS_FILE": str(credentials),
            "STREAMZ_SES_ENDPOINT_URL": "http://127.0.0.1:5000",
            "STREAMZ_SES_CONFIGURATION_SET": "streamz",
            "STREAMZ_SES_RATE_PER_SECOND": "50",
            "STREAMZ_FCM_BURST": "1000",
            "STREAMZ_BREAKER_OPEN_SECONDS": "5",
        }
    )
    assert settings.fcm.url == "http://127.0.0.1:9099"
    assert settings.fcm.project_id == "prod"
    assert settings.fcm.credentials_file == credentials
    assert settings.email.provider == "ses"
    assert settings.email.ses_configuration_set == "streamz"
    assert settings.email.rate_per_second == 50
    assert settings.fcm.burst == 1000
    assert settings.breaker.open_seconds == 5


def test_bad_values_are_named(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env(
            {
                "STREAMZ_DATA_DIR": str(tmp_path),
                "STREAMZ_EMAIL_PROVIDER": "smtp",
                "STREAMZ_FCM_BURST": "10",
                "STREAMZ_FCM_CREDENTIALS_FILE": str(tmp_path / "missing.json"),
                "STREAMZ_FCM_URL": "ftp://x",
            }
        )
    message = str(error.value)
    for name in ("EMAIL_PROVIDER", "FCM_BURST", "FCM_CREDENTIALS_FILE", "FCM_URL"):
        assert f"STREAMZ_{name}" in message

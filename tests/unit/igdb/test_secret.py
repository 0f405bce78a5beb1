"""The IGDB webhook secret: configured, generated once in local mode, or none (all refused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamz.core.live.igdb.errors import IgdbSecretInvalid
from streamz.entrypoints.http.igdb.secret import SECRET_FILE, check_secret, igdb_secret
from streamz.settings import AuthSettings, HttpSettings, IgdbSettings, Settings

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_configured_secret_wins_and_is_compared_exactly(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, igdb=IgdbSettings(webhook_secret="s3cret"))
    assert igdb_secret(settings) == "s3cret"
    check_secret("s3cret", settings)
    for wrong in (None, "", "S3CRET", "s3cret ", "s3cre"):
        with pytest.raises(IgdbSecretInvalid) as info:
            check_secret(wrong, settings)
        assert info.value.code == "igdb-secret-invalid"
        assert "s3cret" not in info.value.detail
    assert not (tmp_path / SECRET_FILE).exists()


def test_local_mode_generates_one_secret_and_keeps_it(tmp_path: Path) -> None:
    first = igdb_secret(Settings(data_dir=tmp_path / "data"))
    assert first is not None
    assert len(first) >= 32
    path = tmp_path / "data" / SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert igdb_secret(Settings(data_dir=tmp_path / "data", http=HttpSettings(port=9000))) == first
    check_secret(first, Settings(data_dir=tmp_path / "data"))


def test_no_secret_outside_local_mode_refuses_everything(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, auth=AuthSettings(jwks_url="https://ory.example/jwks.json")
    )
    assert igdb_secret(settings) is None
    for sent in (None, "", "anything"):
        with pytest.raises(IgdbSecretInvalid):
            check_secret(sent, settings)
    assert not (tmp_path / SECRET_FILE).exists()


def test_the_setting_is_read_from_the_environment(tmp_path: Path) -> None:
    env = {"STREAMZ_DATA_DIR": str(tmp_path), "STREAMZ_IGDB_WEBHOOK_SECRET": "  from-env "}
    assert Settings.from_env(env).igdb.webhook_secret == "from-env"
    assert Settings.from_env({"STREAMZ_DATA_DIR": str(tmp_path)}).igdb.webhook_secret is None

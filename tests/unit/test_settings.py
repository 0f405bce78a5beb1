from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from streamz.settings import AuthSettings, Settings, SettingsError

SERVICES = {
    "STREAMZ_DATABASE_URL": "postgresql+asyncpg://u:p@db:5432/streamz",
    "STREAMZ_REDIS_URL": "redis://cache:6379/0",
    "STREAMZ_TYPESENSE_URL": "http://search:8108",
    "STREAMZ_TYPESENSE_API_KEY": "key",
}


def problems(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as info:
        Settings.from_env(env)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_defaults() -> None:
    settings = Settings.from_env({})

    assert settings.data_dir == Path(".streamz").resolve()
    assert settings.data_dir.is_absolute()
    assert (settings.http.host, settings.http.port) == ("127.0.0.1", 8000)
    assert settings.database.url is None
    assert settings.redis.url is None
    assert settings.search.url is None
    assert settings.auth.jwks_url is None
    assert settings.database.pool_size == 10
    assert settings.http.max_body_bytes == 1_048_576
    assert (settings.log.level, settings.log.json) == ("INFO", True)
    assert (settings.http.server, settings.http.workers) == ("granian", 1)
    assert not settings.external_services
    assert settings.auth.local_issuer
    assert settings.auth.issuer == "streamz-local"  # whatever the port: instances share it


def test_blank_values_count_as_unset() -> None:
    settings = Settings.from_env({"STREAMZ_PORT": "  ", "STREAMZ_DATABASE_URL": ""})
    assert settings.http.port == 8000
    assert settings.database.url is None


def test_variables_without_the_prefix_are_ignored() -> None:
    assert Settings.from_env({"PORT": "1", "DATABASE_URL": "mysql://x"}).http.port == 8000


def test_reads_every_variable() -> None:
    settings = Settings.from_env(
        {
            **SERVICES,
            "STREAMZ_DATA_DIR": "/srv/streamz",
            "STREAMZ_HOST": "streamz.internal",
            "STREAMZ_PORT": " 9000 ",
            "STREAMZ_JWKS_URL": "https://auth.example.com/.well-known/jwks.json",
            "STREAMZ_ORY_WEBHOOK_KEY": "hook",
            "STREAMZ_JWT_ISSUER": "https://auth.example.com",
            "STREAMZ_JWT_AUDIENCE": "streamz",
            "STREAMZ_DB_POOL_SIZE": "20",
            "STREAMZ_MAX_BODY_BYTES": "2048",
            "STREAMZ_LOG_LEVEL": "debug",
            "STREAMZ_LOG_JSON": "false",
            "STREAMZ_SERVER": "granian",
            "STREAMZ_WORKERS": "4",
        }
    )

    assert settings.data_dir == Path("/srv/streamz")
    assert (settings.http.host, settings.http.port) == ("streamz.internal", 9000)
    assert settings.external_services
    assert settings.search.api_key == "key"
    assert not settings.auth.local_issuer
    assert settings.auth.issuer == "https://auth.example.com"
    assert settings.auth.jwt_audience == "streamz"
    assert settings.auth.ory_webhook_key == "hook"
    assert (settings.database.pool_size, settings.http.max_body_bytes, settings.http.workers) == (
        20,
        2048,
        4,
    )
    assert (settings.log.level, settings.log.json, settings.http.server) == (
        "DEBUG",
        False,
        "granian",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgresql://u:p@db/streamz", "postgresql+asyncpg://u:p@db/streamz"),
        ("postgres://u:p@db:5433/streamz", "postgresql+asyncpg://u:p@db:5433/streamz"),
        ("postgresql+asyncpg://db/streamz", "postgresql+asyncpg://db/streamz"),
    ],
)
def test_database_url_is_rewritten_for_asyncpg(raw: str, expected: str) -> None:
    settings = Settings.from_env({**SERVICES, "STREAMZ_DATABASE_URL": raw})
    assert settings.database.url == expected


@pytest.mark.parametrize(
    "only", ["STREAMZ_DATABASE_URL", "STREAMZ_REDIS_URL", "STREAMZ_TYPESENSE_URL"]
)
def test_service_urls_are_all_or_none(only: str) -> None:
    env = {only: SERVICES[only], "STREAMZ_TYPESENSE_API_KEY": "key"}
    message = problems(env)
    assert "set all of STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL" in message


def test_two_of_three_service_urls_is_still_an_error() -> None:
    env = {k: v for k, v in SERVICES.items() if k != "STREAMZ_REDIS_URL"}
    assert "or none of them" in problems(env)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STREAMZ_DATABASE_URL", "mysql://db/streamz"),
        ("STREAMZ_DATABASE_URL", "postgresql+psycopg://db/streamz"),
        ("STREAMZ_DATABASE_URL", "postgresql:///streamz"),
        ("STREAMZ_REDIS_URL", "http://cache:6379"),
        ("STREAMZ_TYPESENSE_URL", "ftp://search"),
        ("STREAMZ_TYPESENSE_URL", "search:8108"),
    ],
)
def test_bad_url_scheme_or_host(name: str, value: str) -> None:
    message = problems({**SERVICES, name: value})
    assert f"{name}={value!r} must be a" in message


def test_bad_jwks_url() -> None:
    message = problems({"STREAMZ_JWKS_URL": "file:///keys.json", "STREAMZ_ORY_WEBHOOK_KEY": "k"})
    assert "STREAMZ_JWKS_URL='file:///keys.json' must be a http/https URL" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "STREAMZ_PORT='abc' is not a whole number"),
        ("80.5", "STREAMZ_PORT='80.5' is not a whole number"),
        ("0", "STREAMZ_PORT=0 must be between 1 and 65535"),
        ("65536", "STREAMZ_PORT=65536 must be between 1 and 65535"),
    ],
)
def test_bad_port(value: str, expected: str) -> None:
    assert expected in problems({"STREAMZ_PORT": value})


@pytest.mark.parametrize("port", ["1", "65535"])
def test_port_bounds(port: str) -> None:
    assert Settings.from_env({"STREAMZ_PORT": port}).http.port == int(port)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_POOL_SIZE", "0"),
        ("DB_POOL_SIZE", "501"),
        ("MAX_BODY_BYTES", "1023"),
        ("WORKERS", "65"),
        ("WORKERS", "many"),
    ],
)
def test_other_numbers_are_range_checked(name: str, value: str) -> None:
    assert f"STREAMZ_{name}=" in problems({f"STREAMZ_{name}": value})


def test_typesense_url_needs_an_api_key() -> None:
    env = {k: v for k, v in SERVICES.items() if k != "STREAMZ_TYPESENSE_API_KEY"}
    assert "STREAMZ_TYPESENSE_API_KEY is required with STREAMZ_TYPESENSE_URL" in problems(env)


def test_jwks_url_needs_a_webhook_key() -> None:
    message = problems({"STREAMZ_JWKS_URL": "https://auth.example.com/jwks"})
    assert "STREAMZ_ORY_WEBHOOK_KEY is required with STREAMZ_JWKS_URL" in message
    assert "STREAMZ_JWT_AUDIENCE is required with STREAMZ_JWKS_URL" in message


def test_a_jwks_url_needs_an_audience() -> None:
    env = {"STREAMZ_JWKS_URL": "https://auth.example.com/jwks", "STREAMZ_ORY_WEBHOOK_KEY": "k"}
    message = problems(env)
    assert "STREAMZ_JWT_AUDIENCE is required with STREAMZ_JWKS_URL" in message
    assert "STREAMZ_ORY_WEBHOOK_KEY" not in message
    assert problems({**env, "STREAMZ_JWT_AUDIENCE": "  "})  # blank is unset
    settings = Settings.from_env({**env, "STREAMZ_JWT_AUDIENCE": "streamz-api"})
    assert settings.auth.audience == "streamz-api"
    built = Settings(
        data_dir=Path("x"), auth=AuthSettings(jwks_url="https://auth.example.com/jwks")
    )
    with pytest.raises(SettingsError, match="STREAMZ_JWT_AUDIENCE is required"):
        _ = built.auth.audience


def test_the_local_issuer_has_an_audience() -> None:
    assert Settings.from_env({}).auth.audience == "streamz"
    assert Settings.from_env({"STREAMZ_JWT_AUDIENCE": "mine"}).auth.audience == "mine"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SERVER", "gunicorn", "STREAMZ_SERVER='gunicorn' must be uvicorn or granian"),
        ("LOG_LEVEL", "verbose", "STREAMZ_LOG_LEVEL='VERBOSE' is not a log level"),
    ],
)
def test_bad_choices(name: str, value: str, expected: str) -> None:
    assert expected in problems({f"STREAMZ_{name}": value})


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("YES", True), ("0", False)])
def test_log_json_flag(value: str, expected: bool) -> None:
    assert Settings.from_env({"STREAMZ_LOG_JSON": value}).log.json is expected


def test_unrecognised_log_json_value_is_rejected() -> None:
    assert "STREAMZ_LOG_JSON" in problems({"STREAMZ_LOG_JSON": "ture"})


def test_error_names_each_bad_variable_at_once() -> None:
    message = problems(
        {
            "STREAMZ_PORT": "x",
            "STREAMZ_REDIS_URL": "http://cache",
            "STREAMZ_SERVER": "apache",
            "STREAMZ_WORKERS": "0",
        }
    )

    assert message.startswith("invalid settings:\n  - ")
    lines = message.splitlines()[1:]
    assert all(line.startswith("  - ") for line in lines)
    for name in ("STREAMZ_PORT", "STREAMZ_REDIS_URL", "STREAMZ_SERVER", "STREAMZ_WORKERS"):
        assert sum(name in line for line in lines) >= 1, name
    assert any("or none of them" in line for line in lines)


def test_with_services_fills_in_the_urls() -> None:
    local = Settings.from_env({})
    settings = local.with_services("postgresql+asyncpg://l/db", "redis://l", "http://l:8108", "k")

    assert settings.external_services
    assert settings.search.api_key == "k"
    assert not local.external_services


README = Path(__file__).resolve().parents[2] / "README.md"


def readme_configuration_table() -> dict[str, str]:
    """README's Configuration table: each row's variable and setting (attribute path)."""
    section = README.read_text().split("\n### Configuration\n", 1)[1].split("\n### ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `STREAMZ_"):
            assert cells[0] not in rows, f"{cells[0]} is in README's table twice"
            rows[cells[0]] = cells[1]
    return rows


def test_readme_documents_every_variable_the_loader_reads() -> None:
    documented = readme_configuration_table()
    read = Settings.variables()
    assert sorted(set(read) - set(documented)) == [], "read but missing from README's table"
    assert sorted(set(documented) - set(read)) == [], "in README's table but never read"
    assert documented == read  # and each row names the setting it fills


def test_every_variable_is_read_into_its_setting() -> None:
    read = Settings.variables()
    assert all(name.startswith("STREAMZ_") for name in read)
    assert len(set(read.values())) == len(read)  # one variable per setting
    for path in read.values():
        value: object = Settings.from_env({})
        for name in path.split("."):
            value = getattr(value, name)


def test_as_env_reads_back_into_the_same_settings(tmp_path: Path) -> None:
    credentials = tmp_path / "sa.json"
    credentials.write_text("{}")
    settings = Settings.from_env(
        {
            **SERVICES,
            "STREAMZ_DATA_DIR": str(tmp_path),
            "STREAMZ_TRUSTED_PROXIES": "10.0.0.0/8, ::1",
            "STREAMZ_LOG_JSON": "no",
            "STREAMZ_FCM_CREDENTIALS_FILE": str(credentials),
            "STREAMZ_SES_ENDPOINT_URL": "http://127.0.0.1:5000",
            "STREAMZ_SEARCH_TIMEOUT_MS": "500",
        }
    )
    assert Settings.from_env(settings.as_env()) == settings
    assert settings.search.timeout == 0.5


@pytest.mark.parametrize(
    ("secret", "file_name"),
    [
        (Settings.webhook_key, "ory-webhook-key"),
        (Settings.livepeer_secret, "livepeer-webhook-secret"),
        (Settings.unsubscribe_secret, "unsubscribe-secret"),
    ],
)
def test_unset_secrets_are_generated_once_in_the_data_dir(
    tmp_path: Path, secret: Callable[[Settings], str], file_name: str
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    made = secret(settings)
    path = tmp_path / "data" / file_name
    assert path.read_text() == made
    assert path.stat().st_mode & 0o777 == 0o600
    assert secret(Settings(data_dir=tmp_path / "data")) == made  # kept

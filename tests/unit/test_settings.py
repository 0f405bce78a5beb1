from __future__ import annotations

from pathlib import Path

import pytest

from streamz.settings import Settings, SettingsError

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
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.database_url is None
    assert settings.redis_url is None
    assert settings.typesense_url is None
    assert settings.jwks_url is None
    assert settings.db_pool_size == 10
    assert settings.max_body_bytes == 1_048_576
    assert (settings.log_level, settings.log_json) == ("INFO", True)
    assert (settings.server, settings.workers) == ("granian", 1)
    assert not settings.external_services
    assert settings.local_issuer
    assert settings.issuer == "streamz-local"  # whatever the port: instances share it


def test_blank_values_count_as_unset() -> None:
    settings = Settings.from_env({"STREAMZ_PORT": "  ", "STREAMZ_DATABASE_URL": ""})
    assert settings.port == 8000
    assert settings.database_url is None


def test_variables_without_the_prefix_are_ignored() -> None:
    assert Settings.from_env({"PORT": "1", "DATABASE_URL": "mysql://x"}).port == 8000


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
    assert (settings.host, settings.port) == ("streamz.internal", 9000)
    assert settings.external_services
    assert settings.typesense_api_key == "key"
    assert not settings.local_issuer
    assert settings.issuer == "https://auth.example.com"
    assert settings.jwt_audience == "streamz"
    assert settings.ory_webhook_key == "hook"
    assert (settings.db_pool_size, settings.max_body_bytes, settings.workers) == (20, 2048, 4)
    assert (settings.log_level, settings.log_json, settings.server) == ("DEBUG", False, "granian")


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
    assert settings.database_url == expected


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
    assert Settings.from_env({"STREAMZ_PORT": port}).port == int(port)


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
    assert settings.audience == "streamz-api"
    built = Settings(data_dir=Path("x"), jwks_url="https://auth.example.com/jwks")
    with pytest.raises(SettingsError, match="STREAMZ_JWT_AUDIENCE is required"):
        _ = built.audience


def test_the_local_issuer_has_an_audience() -> None:
    assert Settings.from_env({}).audience == "streamz"
    assert Settings.from_env({"STREAMZ_JWT_AUDIENCE": "mine"}).audience == "mine"


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
    assert Settings.from_env({"STREAMZ_LOG_JSON": value}).log_json is expected


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
    assert settings.typesense_api_key == "k"
    assert not local.external_services

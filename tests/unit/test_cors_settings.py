"""STREAMZ_CORS_ORIGINS and STREAMZ_PRIVATE_CORS_ORIGINS: origins, checked and normalized."""

from __future__ import annotations

import pytest

from streamz.settings import Settings, SettingsError


def test_origins_are_read_normalized_and_empty_by_default() -> None:
    assert Settings.from_env({}).http.cors_origins == ()
    assert Settings.from_env({}).http.private_cors_origins == ()
    settings = Settings.from_env(
        {
            "STREAMZ_CORS_ORIGINS": " https://App.Example.com/ , http://localhost:3000,,*",
            "STREAMZ_PRIVATE_CORS_ORIGINS": "https://web.streamz.dev",
        }
    )
    assert settings.http.cors_origins == (
        "https://app.example.com",
        "http://localhost:3000",
        "*",
    )
    assert settings.http.private_cors_origins == ("https://web.streamz.dev",)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("STREAMZ_CORS_ORIGINS", "app.example.com"),  # no scheme
        ("STREAMZ_CORS_ORIGINS", "https://app.example.com/path"),
        ("STREAMZ_CORS_ORIGINS", "ftp://app.example.com"),
        ("STREAMZ_CORS_ORIGINS", "https://user@app.example.com"),
        ("STREAMZ_PRIVATE_CORS_ORIGINS", "*"),  # our own apps only: never any origin
    ],
)
def test_what_is_not_an_origin_is_refused_by_name(variable: str, value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({variable: value})
    assert variable in str(refused.value)
    assert repr(value) in str(refused.value)

"""Secrets never reach the logs, even in lines other libraries write."""

from __future__ import annotations

import logging

import pytest

from streamz.entrypoints.logging import configure_logging, redact_secrets


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '127.0.0.1:5 - "WebSocket /ws?token=eyJhbGci.eyJzdWIi.sig" [accepted]',
            '127.0.0.1:5 - "WebSocket /ws?token=[redacted]" [accepted]',
        ),
        ("GET /ws?a=1&token=stz_abc123&b=2", "GET /ws?a=1&token=[redacted]&b=2"),
        ("Authorization: Bearer eyJabc.def.ghi", "Authorization: Bearer [redacted]"),
        ("api token stz_live_XYZ-123 used", "api token stz_[redacted] used"),
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_tokens_are_redacted(line: str, expected: str) -> None:
    assert redact_secrets(None, "info", {"event": line})["event"] == expected


def test_uvicorn_style_records_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json=True)
    logging.getLogger("uvicorn.error").info(
        '%s - "WebSocket %s" [accepted]', "127.0.0.1:5", "/ws?token=eyJsecret.part.sig"
    )
    err = capsys.readouterr().err
    assert "eyJsecret" not in err
    assert "token=[redacted]" in err

"""Secrets never reach the logs, even in lines other libraries write."""

from __future__ import annotations

import logging

import pytest

from streamz.entrypoints.logging import configure_logging, escape_controls, redact_secrets


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


def test_unsubscribe_link_tokens_are_redacted() -> None:
    line = "GET https://streamz.dev/unsubscribe/YWJj.ZGVm-_x?src=mail"
    redacted = redact_secrets(None, "info", {"event": "request", "path": line})["path"]
    assert redacted == "GET https://streamz.dev/unsubscribe/[redacted]?src=mail"


def test_control_characters_are_escaped_in_every_string() -> None:
    event = {
        "event": "request",
        "path": "/x\x1b[2J\x07\x00\x7f\x9b",
        "method": "GET",
        "status": 404,
        "exception": "Traceback\n  File 'x'\x1b[31m\n",
    }
    escaped = escape_controls(None, "info", event)
    assert escaped["path"] == "/x\\x1b[2J\\x07\\x00\\x7f\\x9b"
    assert escaped["status"] == 404
    assert escaped["exception"] == "Traceback\n  File 'x'\\x1b[31m\n"


@pytest.mark.parametrize("json", [True, False])
def test_rendered_lines_carry_no_raw_controls(
    capsys: pytest.CaptureFixture[str], json: bool
) -> None:
    configure_logging("INFO", json=json)
    try:
        logging.getLogger("uvicorn.error").info("GET %s", "/x\x1b[2J\u009b")
    finally:
        logging.getLogger().handlers[:] = []
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\u009b" not in err

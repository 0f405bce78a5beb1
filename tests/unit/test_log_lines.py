"""Other libraries' lines as our JSON lines: SAQ's job reprs, outages named by dependency."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest
from redis.exceptions import TimeoutError as RedisTimeoutError

from streamz.entrypoints.logging import configure_logging
from streamz.entrypoints.outages import outage_fields

JOB = "Job<function: sweep_streams, queue: streamz, key: cron:sweep_streams, status: active>"


def logged(
    capsys: pytest.CaptureFixture[str], emit: Callable[[], None], level: str = "INFO"
) -> list[dict[str, Any]]:
    """The JSON lines the app's logging writes while ``emit`` runs."""
    configure_logging(level, json=True)
    try:
        emit()
    finally:
        logging.getLogger().handlers[:] = []
    return [json.loads(line) for line in capsys.readouterr().err.splitlines()]


def test_saq_job_reprs_are_debug_and_a_swept_job_is_one_structured_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    saq = logging.getLogger("saq")

    def emit() -> None:
        for message in ("Enqueuing %s", "Processing %s", "Finished %s", "Retrying %s"):
            saq.info(message, JOB)
        saq.info("Sweeping job %s", JOB)
        try:
            raise ValueError("boom")
        except ValueError:
            saq.exception("Error processing job %s", JOB)  # the job's own line says it

    lines = logged(capsys, emit)
    assert len(lines) == 1, lines
    [swept] = lines
    assert swept["event"] == "job swept"
    assert swept["function"] == "sweep_streams"
    assert swept["key"] == "cron:sweep_streams"
    assert swept["logger"] == "saq"


def test_saq_job_reprs_stay_available_at_debug(capsys: pytest.CaptureFixture[str]) -> None:
    [line] = logged(capsys, lambda: logging.getLogger("saq").info("Processing %s", JOB), "DEBUG")
    assert line["level"] == "debug"
    assert JOB in line["event"]


def test_an_outage_logged_with_its_traceback_is_one_warning_naming_the_dependency(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def emit() -> None:
        try:
            raise asyncpg.CannotConnectNowError("the database system is starting up")
        except asyncpg.CannotConnectNowError:
            logging.getLogger("asyncpg.pool").exception("error in connection pool maintenance")

    [line] = logged(capsys, emit)
    assert line["level"] == "warning"
    assert line["dependency"] == "postgres"
    assert line["error"] == "CannotConnectNowError"
    assert "exception" not in line
    assert "Traceback" not in json.dumps(line)


def test_outage_fields_name_the_dependency_and_the_innermost_error() -> None:
    def wrapped() -> BaseException:
        try:
            try:
                raise RedisTimeoutError("Timeout reading from socket")
            except RedisTimeoutError as error:
                raise RuntimeError("could not publish") from error
        except RuntimeError as outer:
            return outer

    assert outage_fields(wrapped()) == {"dependency": "redis", "error": "TimeoutError"}
    assert outage_fields(ConnectionRefusedError()) == {
        "dependency": "unknown",
        "error": "ConnectionRefusedError",
    }


def test_outage_fields_read_the_dependency_from_the_traceback() -> None:
    """A builtin error (ConnectionRefusedError) is named by the module whose code raised it."""
    scope: dict[str, Any] = {"__name__": "typesense.api_call"}
    exec("def call():\n    raise ConnectionRefusedError(111, 'refused')", scope)  # noqa: S102
    try:
        scope["call"]()
    except ConnectionRefusedError as error:
        refused = error
    assert outage_fields(refused) == {"dependency": "typesense", "error": "ConnectionRefusedError"}

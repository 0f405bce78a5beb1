"""Internal tier: `streamzctl channels badges list|add|remove` against the real services."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import asyncpg
from typer.testing import CliRunner

from streamz.entrypoints.cli.main import app
from streamz.settings import Settings
from tests.integration.conftest import count, dsn
from tests.unit.media.images import JPEG, pixels, png

runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_badges_list_add_remove(cli_env: Path, db: asyncpg.Connection) -> None:
    assert cli("accounts", "create", "alice", "alice@example.com")[0] == 0
    image = cli_env / "badge.png"
    image.write_bytes(png(72))

    code, out, err = cli("channels", "badges", "add", "alice", "12", str(image))
    assert code == 0, err
    added = json.loads(out)
    assert (added["months"], added["width"], added["content_type"]) == (12, 72, "image/png")
    assert added["image_url"].startswith("http://127.0.0.1:8000/media/badges/")
    stored = cli_env / "media" / added["image_url"].split("/media/", 1)[1]
    assert pixels(stored.read_bytes()) == pixels(png(72))  # re-encoded: the same picture

    code, out, _ = cli("channels", "badges", "list", "alice")
    assert code == 0
    assert [b["id"] for b in json.loads(out)["data"]] == [added["id"]]

    code, _, err = cli("channels", "badges", "add", "alice", "12", str(image))
    assert code == 1
    assert err.startswith("error: badge-exists")

    code, out, _ = cli("channels", "badges", "remove", "alice", "12")
    assert code == 0
    assert json.loads(out)["id"] == added["id"]
    assert not stored.exists()


def test_badges_cli_errors(cli_env: Path, db: asyncpg.Connection, settings: Settings) -> None:
    assert cli("accounts", "create", "alice", "alice@example.com")[0] == 0
    jpeg = cli_env / "badge.jpg"
    jpeg.write_bytes(JPEG)
    code, _, err = cli("channels", "badges", "add", "alice", "1", str(jpeg))
    assert code == 1
    assert err.startswith("error: invalid-image: body.image: JPEG images are not accepted")
    code, _, err = cli("channels", "badges", "add", "alice", "5", str(jpeg))
    assert err.startswith("error: invalid: body.months: months must be one of 1, 2, 3, 6")
    code, _, err = cli("channels", "badges", "remove", "nobody", "1")
    assert err.startswith("error: channel-not-found")
    assert cli("channels", "badges", "add", "alice", "1", str(cli_env / "missing.png"))[0] == 2
    assert not (cli_env / "media").exists() or not any((cli_env / "media").rglob("*.*"))
    assert badge_rows(settings) == 0


def badge_rows(settings: Settings) -> int:
    async def read() -> int:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return await count(connection, "channel_badges")
        finally:
            await connection.close()

    return asyncio.run(read())

"""Emote images in S3 (moto) through HTTP, and the Internal tier:
`streamzctl channels emotes list|add|remove` against the real services."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import asyncpg
import httpx
from litestar.testing import AsyncTestClient
from typer.testing import CliRunner

from streamz.container import make_container
from streamz.entrypoints.cli.main import app
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.fakes.s3 import FakeS3
from tests.integration.conftest import count, dsn, register
from tests.unit.media.images import JPEG, gif, pixels, png

from .conftest import path, upload


async def test_emote_images_on_s3(
    settings: Settings, clean: None, ory: FakeOry, s3: FakeS3
) -> None:
    on_s3 = replace(
        settings,
        media=replace(settings.media, store="s3", s3_bucket=s3.bucket, s3_endpoint_url=s3.url),
    )
    app_on_s3 = create_app(on_s3, make_container(on_s3))
    async with AsyncTestClient(app_on_s3, base_url="http://127.0.0.1") as client:
        alice = await register(client, ory, "alice")
        made = await upload(
            client, "/private/v1", image=gif(64), content_type="image/gif", headers=alice.auth
        )
        assert made.status_code == 201, made.text
        url = made.json()["image_url"]
        assert url.startswith(f"{s3.url}/{s3.bucket}/emotes/")
        key = url.removeprefix(f"{s3.url}/{s3.bucket}/")
        assert key in s3.stored_keys()
        async with httpx.AsyncClient() as http:
            fetched = await http.get(url)
        assert fetched.status_code == 200
        assert pixels(fetched.content) == pixels(gif(64))  # re-encoded: the same picture
        assert fetched.headers["content-type"] == "image/gif"
        listed = await client.get(path("/public/v1"))
        assert [e["image_url"] for e in listed.json()["data"]] == [url]

        taken = await upload(client, "/private/v1", "KAPPA", headers=alice.auth)
        assert taken.status_code == 409
        assert [k for k in s3.stored_keys() if k.startswith("emotes/")] == [key]

        gone = await client.delete(f"{path('/private/v1')}/{made.json()['id']}", headers=alice.auth)
        assert gone.status_code == 200
        assert key not in s3.stored_keys()


runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["channels", "emotes", *args])
    return result.exit_code, result.stdout, result.stderr


def stored_files(root: Path) -> list[Path]:
    """Every stored media file under the CLI's data dir (none when the dir was never made)."""
    return [p for p in (root / "media").rglob("*") if p.is_file()]


def audit_and_events(settings: Settings) -> tuple[list[tuple[str, str]], list[str]]:
    async def read() -> tuple[list[tuple[str, str]], list[str]]:
        connection = await asyncpg.connect(dsn(settings))
        try:
            audit = await connection.fetch(
                "SELECT action, acting_as FROM channel_audit_log ORDER BY id"
            )
            events = await connection.fetch(
                "SELECT topic FROM outbox WHERE topic LIKE 'chatroom.%' ORDER BY id"
            )
            return [(r["action"], r["acting_as"]) for r in audit], [r["topic"] for r in events]
        finally:
            await connection.close()

    return asyncio.run(read())


def test_emotes_from_the_command_line(cli_env: Path, settings: Settings) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    image = cli_env / "kappa.png"
    image.write_bytes(png(56))
    code, out, err = cli("add", "alice", "Kappa", str(image))
    assert code == 0, err
    kappa = json.loads(out)
    assert (kappa["code"], kappa["width"], kappa["subscriber_only"]) == ("Kappa", 56, False)
    assert kappa["created_by"] is None  # the system
    stored = cli_env / "media" / kappa["image_url"].split("/media/", 1)[1]
    assert pixels(stored.read_bytes()) == pixels(png(56))

    code, out, err = cli("add", "alice", "aSub", str(image), "--subscriber-only")
    assert code == 0, err
    sub = json.loads(out)
    assert sub["subscriber_only"] is True

    code, out, _ = cli("list", "alice")
    assert code == 0
    assert [(e["code"], e["subscriber_only"]) for e in json.loads(out)["data"]] == [
        ("aSub", True),
        ("Kappa", False),
    ]

    code, _, err = cli("add", "alice", "KAPPA", str(image))
    assert code == 1
    assert err.startswith("error: emote-code-taken")

    code, out, err = cli("remove", "alice", kappa["id"])
    assert code == 0, err
    assert json.loads(out)["id"] == kappa["id"]
    assert not stored.exists()
    code, _, err = cli("remove", "alice", kappa["id"])
    assert code == 1
    assert err.startswith("error: emote-not-found")
    assert [e["code"] for e in json.loads(cli("list", "alice")[1])["data"]] == ["aSub"]
    audit, events = audit_and_events(settings)
    assert audit == [
        ("emote.created", "system"),
        ("emote.created", "system"),
        ("emote.deleted", "system"),
    ]
    assert events == ["chatroom.emotes_updated"] * 3


def test_emotes_cli_errors(cli_env: Path, settings: Settings) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    jpeg = cli_env / "emote.jpg"
    jpeg.write_bytes(JPEG)
    good = cli_env / "emote.png"
    good.write_bytes(png(32))
    code, _, err = cli("add", "alice", "Kappa", str(jpeg))
    assert code == 1
    assert err.startswith("error: invalid-image: body.image: JPEG images are not accepted")
    code, _, err = cli("add", "alice", "Kap pa", str(good))
    assert code == 1
    assert err.startswith("error: invalid: body.code: code must be 2-25 letters")
    code, _, err = cli("add", "nobody", "Kappa", str(good))
    assert err.startswith("error: channel-not-found")
    code, _, err = cli("list", "nobody")
    assert (code, err.startswith("error: channel-not-found")) == (1, True)
    assert cli("add", "alice", "Kappa", str(cli_env / "missing.png"))[0] == 2
    code, _, err = cli("remove", "alice", "Kappa")
    assert code == 2
    assert "the emote id must be a UUID" in err
    assert stored_files(cli_env) == []

    async def rows() -> int:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return await count(connection, "chat_emotes")
        finally:
            await connection.close()

    assert asyncio.run(rows()) == 0

"""Internal tier: `streamzctl chat send|messages|purge|settings`, acting as the system."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import asyncpg
from typer.testing import CliRunner

from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.messages.list_thread import ListThread, ListThreadRequest
from streamz.core.chat.messages.list_user_messages import (
    ListUserMessages,
    ListUserMessagesRequest,
)
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.entrypoints.cli.main import app
from streamz.library import Streamz
from streamz.settings import Settings
from tests.integration.conftest import dsn

runner = CliRunner()
SYSTEM = Principal.system()


def value(settings: Settings, sql: str) -> Any:
    async def read() -> Any:
        connection = await asyncpg.connect(dsn(settings))
        try:
            return await connection.fetchval(sql)
        finally:
            await connection.close()

    return asyncio.run(read())


def chat(*args: str) -> tuple[int, object, str]:
    result = runner.invoke(app, ["chat", *args])
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def test_chat_commands(cli_env: None, settings: Settings) -> None:
    for name in ("alice", "bob"):
        created = runner.invoke(app, ["accounts", "create", name, f"{name}@example.com"])
        assert created.exit_code == 0, created.stderr
    code, sent, err = chat("send", "alice", "hello @alice", "--as", "bob")
    assert code == 0, err
    assert isinstance(sent, dict)
    assert (sent["seq"], sent["author"]["username"]) == (1, "bob")
    chat("send", "alice", "second", "--as", "bob")
    code, page, _ = chat("messages", "alice", "--user", "bob")
    assert isinstance(page, dict)
    assert [m["content"] for m in page["data"]] == ["hello @alice", "second"]
    code, shown, _ = chat("settings", "alice")
    assert isinstance(shown, dict)
    assert shown["settings"]["rate_limit_messages"] == 20
    code, purged, _ = chat("purge", "alice", "bob", "--reason", "spam")
    assert isinstance(purged, dict)
    assert purged["deleted"] == 2
    assert value(settings, "SELECT count(*) FROM chat_messages WHERE deleted_at IS NULL") == 0
    reason = value(
        settings,
        "SELECT details->>'reason' FROM channel_audit_log WHERE action = 'chat.messages_purged'",
    )
    assert reason == "spam"
    code, _, err = chat("send", "alice", "", "--as", "bob")
    assert code != 0
    assert "invalid" in err
    code, _, err = chat("purge", "alice", "nobody")
    assert code != 0
    assert "account-not-found" in err


async def test_internal_library_calls_on_postgres(
    settings: Settings, db: asyncpg.Connection
) -> None:
    async with Streamz.from_settings(settings) as lib:
        for name in ("alice", "bob"):
            request = RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@example.com")
            await lib.call(RegisterAccount, request)
        root = await lib.call(SendMessage, SendMessageRequest(SYSTEM, "alice", "q", author="bob"))
        reply = await lib.call(
            SendMessage, SendMessageRequest(SYSTEM, "alice", "a", root.id, author="alice")
        )
        thread = await lib.call(ListThread, ListThreadRequest(SYSTEM, "alice", reply.id))
        assert [m.id for m in thread.data] == [root.id, reply.id]
        mine = await lib.call(ListUserMessages, ListUserMessagesRequest(SYSTEM, "bob"))
        assert [m.id for m in mine.data] == [root.id]
        deleted = await lib.call(DeleteMessage, DeleteMessageRequest(SYSTEM, "alice", root.id))
        assert deleted.deleted
    row = await db.fetchrow(
        "SELECT deleted_at, deleted_by FROM chat_messages WHERE id = $1", root.id
    )
    assert row is not None
    assert row["deleted_at"] is not None
    assert row["deleted_by"] is None  # the system
    assert (
        await db.fetchval(
            "SELECT count(*) FROM channel_audit_log WHERE action = 'chat.message_deleted'"
        )
        == 1
    )

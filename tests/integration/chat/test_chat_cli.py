"""Internal tier: `streamzctl channels chat ...` and the library, acting as the system."""

from __future__ import annotations

import json

import asyncpg
from typer.testing import CliRunner

from streamz.core.chat.clear_rules import ClearChatRules, ClearChatRulesRequest
from streamz.core.chat.find_chatroom import FindChatroom, FindChatroomRequest
from streamz.core.chat.get_chatroom import GetChatroom, GetChatroomRequest
from streamz.core.chat.update_rules import UpdateChatRules, UpdateChatRulesRequest
from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.entrypoints.cli.main import app
from streamz.library import Streamz
from streamz.settings import Settings

runner = CliRunner()
SYSTEM = Principal.system()


def cli(*args: str) -> tuple[int, object, str]:
    result = runner.invoke(app, ["channels", "chat", *args])
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


def test_chat_from_the_command_line(cli_env: None) -> None:
    assert runner.invoke(app, ["accounts", "create", "alice", "a@example.com"]).exit_code == 0
    code, out, _ = cli("show", "alice")
    assert code == 0
    assert isinstance(out, dict)
    assert out["channel_slug"] == "alice"
    assert out["settings"]["links_allowed"] is True
    code, out, _ = cli(
        "set", "alice", "--slow-mode", "10", "--followers-only", "5", "--emote-only", "--no-links"
    )
    assert code == 0, out
    assert isinstance(out, dict)
    settings = out["settings"]
    assert (settings["slow_mode_seconds"], settings["followers_only"]) == (10, 5)
    assert (settings["emote_only"], settings["links_allowed"]) == (True, False)
    code, out, _ = cli("set", "alice", "--followers-only", "off")
    assert isinstance(out, dict)
    assert out["settings"]["followers_only"] is None
    assert out["settings"]["slow_mode_seconds"] == 10
    code, out, _ = cli("rules", "alice", "Be kind", "No spam")
    assert isinstance(out, dict)
    assert out["rules"] == ["Be kind", "No spam"]
    code, out, _ = cli("clear-rules", "alice")
    assert isinstance(out, dict)
    assert out["rules"] == []
    code, _, err = cli("set", "alice", "--slow-mode", "3601")
    assert code == 1
    assert err.startswith("error: invalid:")
    code, _, err = cli("show", "nobody")
    assert code == 1
    assert err.startswith("error: channel-not-found:")


async def test_library_calls_every_use_case(settings: Settings, db: asyncpg.Connection) -> None:
    async with Streamz.from_settings(settings) as streamz:
        registration = await streamz.call(
            RegisterAccount, RegisterAccountRequest(SYSTEM, "id-c", "carol", "c@example.com")
        )
        room = registration.chatroom
        view = await streamz.call(GetChatroom, GetChatroomRequest(SYSTEM, "carol"))
        assert view.chatroom == room
        changes = {"unique_chat": True, "non_moderator_delay_seconds": 3}
        await streamz.call(UpdateChatSettings, UpdateChatSettingsRequest(SYSTEM, "carol", changes))
        await streamz.call(UpdateChatRules, UpdateChatRulesRequest(SYSTEM, "carol", ["a", "b"]))
        found = await streamz.call(FindChatroom, FindChatroomRequest(SYSTEM, room.id))
        assert (found.settings.unique_chat, found.settings.non_moderator_delay_seconds) == (True, 3)
        assert found.rules == ("a", "b")
        await streamz.call(ClearChatRules, ClearChatRulesRequest(SYSTEM, "carol"))
        found = await streamz.call(FindChatroom, FindChatroomRequest(SYSTEM, room.id))
        assert found.rules == ()
    rows = await db.fetch("SELECT action, acting_as FROM channel_audit_log ORDER BY id")
    assert [(r["action"], r["acting_as"]) for r in rows] == [
        ("chat.settings_updated", "system"),
        ("chat.rules_updated", "system"),
        ("chat.rules_cleared", "system"),
    ]

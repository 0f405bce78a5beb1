"""`streamzctl channels chat ...`: a channel's chatroom, settings and rules (as the system)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from streamz.core.chat.clear_rules import ClearChatRules, ClearChatRulesRequest
from streamz.core.chat.get_chatroom import GetChatroom, GetChatroomRequest
from streamz.core.chat.update_rules import UpdateChatRules, UpdateChatRulesRequest
from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    fail,
)

chat = typer.Typer(help="A channel's chatroom: settings and rules.", no_args_is_help=True)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
SYSTEM = Principal.system()
Flag = bool | None


@chat.command("show")
@cli_errors
def show(channel: Channel) -> None:
    """Print a channel's chatroom with its settings and rules."""
    from streamz.entrypoints.http.chat.views import ChatroomOut

    echo_json(ChatroomOut.of(call(GetChatroom, GetChatroomRequest(SYSTEM, channel))))


def _followers(value: str | None) -> int | None:
    if value is None or value.lower() == "off":
        return None
    try:
        return int(value)
    except ValueError:
        raise fail("invalid: --followers-only takes minutes or 'off'", 2) from None


@chat.command("set")
@cli_errors
def set_settings(
    channel: Channel,
    slow_mode: Annotated[int | None, typer.Option(help="seconds, 0-3600 (0 = off)")] = None,
    followers_only: Annotated[
        str | None, typer.Option(help="minimum follow age in minutes (0-129600), or 'off'")
    ] = None,
    subscribers_only: Annotated[
        Flag, typer.Option("--subscribers-only/--no-subscribers-only")
    ] = None,
    emote_only: Annotated[Flag, typer.Option("--emote-only/--no-emote-only")] = None,
    unique_chat: Annotated[Flag, typer.Option("--unique-chat/--no-unique-chat")] = None,
    min_account_age: Annotated[int | None, typer.Option(help="minutes, 0-525600")] = None,
    verified_email: Annotated[Flag, typer.Option("--verified-email/--no-verified-email")] = None,
    delay: Annotated[int | None, typer.Option(help="non-moderator delay, seconds 0-10")] = None,
    links: Annotated[Flag, typer.Option("--links/--no-links")] = None,
    rate_limit: Annotated[int | None, typer.Option(help="messages per window, 1-1000")] = None,
    moderator_rate_limit: Annotated[
        int | None, typer.Option(help="owner/moderator messages per window, 1-1000")
    ] = None,
    rate_window: Annotated[int | None, typer.Option(help="rate-limit window, seconds")] = None,
) -> None:
    """Change the given settings of a channel's chatroom; prints the chatroom."""
    from streamz.entrypoints.http.chat.views import ChatroomOut

    changes: dict[str, Any] = {
        "slow_mode_seconds": slow_mode,
        "subscribers_only": subscribers_only,
        "emote_only": emote_only,
        "unique_chat": unique_chat,
        "min_account_age_minutes": min_account_age,
        "verified_email_required": verified_email,
        "non_moderator_delay_seconds": delay,
        "links_allowed": links,
        "rate_limit_messages": rate_limit,
        "moderator_rate_limit_messages": moderator_rate_limit,
        "rate_limit_window_seconds": rate_window,
    }
    changes = {key: value for key, value in changes.items() if value is not None}
    if followers_only is not None:
        changes["followers_only"] = _followers(followers_only)
    call(UpdateChatSettings, UpdateChatSettingsRequest(SYSTEM, channel, changes))
    echo_json(ChatroomOut.of(call(GetChatroom, GetChatroomRequest(SYSTEM, channel))))


@chat.command("rules")
@cli_errors
def set_rules(
    channel: Channel,
    rules: Annotated[list[str], typer.Argument(help="every rule, in order (at most 20)")],
) -> None:
    """Replace a chatroom's rules; prints the chatroom."""
    from streamz.entrypoints.http.chat.views import ChatroomOut

    call(UpdateChatRules, UpdateChatRulesRequest(SYSTEM, channel, rules))
    echo_json(ChatroomOut.of(call(GetChatroom, GetChatroomRequest(SYSTEM, channel))))


@chat.command("clear-rules")
@cli_errors
def clear_rules(channel: Channel) -> None:
    """Remove every rule of a chatroom; prints the chatroom."""
    from streamz.entrypoints.http.chat.views import ChatroomOut

    call(ClearChatRules, ClearChatRulesRequest(SYSTEM, channel))
    echo_json(ChatroomOut.of(call(GetChatroom, GetChatroomRequest(SYSTEM, channel))))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(chat, name="chat")

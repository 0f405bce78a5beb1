"""`streamzctl chat ban|unban|bans ...`: chat bans and timeouts (acting as the system)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.bans.list_bans import ListBans, ListBansRequest
from streamz.core.chat.bans.unban_user import UnbanUser, UnbanUserRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.chat_group import chat
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    fail,
)
from streamz.entrypoints.http.bans.views import BanOut, BanPage

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
User = Annotated[str, typer.Argument(help="username or account id")]
Reason = Annotated[str | None, typer.Option(help="why (moderation log), at most 500")]
SYSTEM = Principal.system()

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(?:\d{1,9}[smhdw])+|\d{1,9}")
_PART = re.compile(r"(\d+)([smhdw])")


def parse_duration(value: str) -> int:
    """``3600``, ``3600s``, ``10m``, ``2h``, ``1d``, ``1w`` or a sum such as ``1h30m``: seconds."""
    text = value.strip().lower()
    if not _DURATION.fullmatch(text):
        raise fail(f"invalid: --duration {value!r}: use e.g. 30s, 10m, 2h, 1d or 1h30m", 2)
    if text.isdigit():
        return int(text)
    return sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(text))


@cli_errors
def ban(
    channel: Channel,
    user: User,
    duration: Annotated[
        str | None,
        typer.Option(help="a timeout of 1s to 14d (e.g. 600, 10m, 2h, 1d); none: a ban"),
    ] = None,
    reason: Reason = None,
) -> None:
    """Ban a user from a channel's chat, or time them out with --duration; prints the ban."""
    seconds = parse_duration(duration) if duration is not None else None
    request = BanUserRequest(SYSTEM, channel, user, seconds, reason)
    echo_json(BanOut.of(call(BanUser, request)))


@cli_errors
def unban(channel: Channel, user: User, reason: Reason = None) -> None:
    """Lift the ban or timeout in force on a user; prints the lifted ban."""
    echo_json(BanOut.of(call(UnbanUser, UnbanUserRequest(SYSTEM, channel, user, reason))))


@cli_errors
def bans(
    channel: Channel,
    limit: Annotated[int, typer.Option(help="page size, 1-100")] = 100,
    after: Annotated[str | None, typer.Option(help="cursor from `next`")] = None,
) -> None:
    """Print who is banned or timed out in a channel's chat now, newest first."""
    echo_json(BanPage.of(call(ListBans, ListBansRequest(SYSTEM, channel, limit, after))))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands to the shared `streamzctl chat` group."""
    chat.command("ban")(ban)
    chat.command("unban")(unban)
    chat.command("bans")(bans)

"""`streamzctl chat purge|settings|messages|send` (acting as the system)."""

from __future__ import annotations

from typing import Annotated

import typer

from streamz.core.chat.get_chatroom import GetChatroom, GetChatroomRequest
from streamz.core.chat.messages.list_messages import ListMessages, ListMessagesRequest
from streamz.core.chat.messages.purge_messages import PurgeMessages, PurgeMessagesRequest
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.chat_group import chat
from streamz.entrypoints.cli.runtime import call, cli_errors, echo_json

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
User = Annotated[str, typer.Argument(help="username or account id")]
SYSTEM = Principal.system()


@cli_errors
def purge(
    channel: Channel,
    user: User,
    reason: Annotated[str | None, typer.Option(help="kept in the moderation log")] = None,
) -> None:
    """Delete every message of USER in CHANNEL's chatroom; prints how many."""
    from streamz.entrypoints.http.messages.views import PurgedOut

    request = PurgeMessagesRequest(SYSTEM, channel, user, reason)
    echo_json(PurgedOut.of(call(PurgeMessages, request)))


@cli_errors
def settings(channel: Channel) -> None:
    """Print the chat settings of CHANNEL's chatroom."""
    from streamz.entrypoints.http.chat.views import ChatroomSettingsOut

    echo_json(ChatroomSettingsOut.of(call(GetChatroom, GetChatroomRequest(SYSTEM, channel))))


@cli_errors
def messages(
    channel: Channel,
    user: Annotated[str | None, typer.Option(help="only this user's messages")] = None,
    limit: Annotated[int, typer.Option(help="1-100")] = 50,
    before: Annotated[str | None, typer.Option(help="cursor of an older page")] = None,
) -> None:
    """Print the latest messages of CHANNEL's chatroom (oldest first)."""
    from streamz.entrypoints.http.messages.views import MessagePageOut

    request = ListMessagesRequest(SYSTEM, channel, user, limit, before)
    echo_json(MessagePageOut.of(call(ListMessages, request)))


@cli_errors
def send(
    channel: Channel,
    content: Annotated[str, typer.Argument(help="the message, 1-500 characters")],
    author: Annotated[str, typer.Option("--as", help="the sending account (username or id)")],
) -> None:
    """Send a message to CHANNEL's chatroom on behalf of an account (all chat rules apply)."""
    from streamz.entrypoints.http.messages.views import MessageOut

    request = SendMessageRequest(SYSTEM, channel, content, author=author)
    echo_json(MessageOut.of(call(SendMessage, request)))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands to the shared `streamzctl chat` group."""
    chat.command("purge")(purge)
    chat.command("settings")(settings)
    chat.command("messages")(messages)
    chat.command("send")(send)

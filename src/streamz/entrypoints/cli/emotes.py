"""`streamzctl channels emotes list|add|remove ...` (acting as the system)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer

from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.emotes.delete_emote import DeleteEmote, DeleteEmoteRequest
from streamz.core.chat.emotes.list_emotes import ListEmotes, ListEmotesRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    fail,
)

emotes = typer.Typer(
    help="A chatroom's emotes: list, add (PNG, GIF or WebP file), remove.", no_args_is_help=True
)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
SYSTEM = Principal.system()


@emotes.command("list")
@cli_errors
def list_emotes(channel: Channel) -> None:
    """Print a chatroom's emotes by code, with their image URLs."""
    from streamz.entrypoints.http.emotes.views import EmoteList

    echo_json(EmoteList.of(call(ListEmotes, ListEmotesRequest(SYSTEM, channel))))


@emotes.command("add")
@cli_errors
def add_emote(
    channel: Channel,
    code: Annotated[str, typer.Argument(help="2-25 ASCII letters or digits, e.g. Kappa")],
    image: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="image file")
    ],
    subscriber_only: Annotated[
        bool, typer.Option("--subscriber-only", help="only subscribers may use it")
    ] = False,
) -> None:
    """Add an emote from an image file (square, 28-512 px, at most 512 KiB); prints it."""
    from streamz.entrypoints.http.emotes.views import EmoteOut

    request = CreateEmoteRequest(
        SYSTEM, channel, code, image.read_bytes(), subscriber_only=subscriber_only
    )
    echo_json(EmoteOut.of(call(CreateEmote, request)))


@emotes.command("remove")
@cli_errors
def remove_emote(
    channel: Channel, emote_id: Annotated[str, typer.Argument(help="the emote's id")]
) -> None:
    """Remove an emote (by id) and its image; prints it."""
    from streamz.entrypoints.http.emotes.views import EmoteOut

    try:
        parsed = uuid.UUID(emote_id)
    except ValueError:
        raise fail("invalid: the emote id must be a UUID", 2) from None
    echo_json(EmoteOut.of(call(DeleteEmote, DeleteEmoteRequest(SYSTEM, channel, parsed))))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(emotes, name="emotes")

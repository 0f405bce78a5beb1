"""`streamzctl channels identity show|set-colour ...` (acting as the system)."""

from __future__ import annotations

from typing import Annotated

import typer

from streamz.core.chat.chat_identity.get_identity import GetChatIdentity, GetChatIdentityRequest
from streamz.core.chat.chat_identity.update_identity import (
    UpdateChatIdentity,
    UpdateChatIdentityRequest,
)
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
)
from streamz.entrypoints.http.chat_identity.views import ChatIdentityOut

identity = typer.Typer(
    help="A user's chat identity in a channel: name colour and badges.", no_args_is_help=True
)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
User = Annotated[str, typer.Argument(help="username or account id")]
SYSTEM = Principal.system()


@identity.command("show")
@cli_errors
def show(channel: Channel, user: User) -> None:
    """Print a user's computed chat identity in a channel."""
    found = call(GetChatIdentity, GetChatIdentityRequest(SYSTEM, channel, user))
    echo_json(ChatIdentityOut.of(found))


@identity.command("set-colour")
@cli_errors
def set_colour(
    channel: Channel,
    user: User,
    colour: Annotated[str, typer.Argument(help="#RRGGBB, or 'none' for the derived colour")],
) -> None:
    """Set (or clear with 'none') a user's name colour in a channel's chat; prints the identity."""
    chosen = None if colour.strip().lower() == "none" else colour
    changed = call(UpdateChatIdentity, UpdateChatIdentityRequest(SYSTEM, channel, user, chosen))
    echo_json(ChatIdentityOut.of(changed))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(identity, name="identity")

"""`streamzctl channels terms list|add|remove ...` (acting as the system)."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from streamz.core.chat.blocked_terms.create_term import CreateTerm, CreateTermRequest
from streamz.core.chat.blocked_terms.delete_term import DeleteTerm, DeleteTermRequest
from streamz.core.chat.blocked_terms.list_terms import ListTerms, ListTermsRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    fail,
)
from streamz.entrypoints.http.blocked_terms.views import BlockedTermList, BlockedTermOut

terms = typer.Typer(help="A chatroom's blocked terms: list, add, remove.", no_args_is_help=True)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
SYSTEM = Principal.system()


@terms.command("list")
@cli_errors
def list_terms(channel: Channel) -> None:
    """Print a chatroom's blocked terms and their version."""
    echo_json(BlockedTermList.of(call(ListTerms, ListTermsRequest(SYSTEM, channel))))


@terms.command("add")
@cli_errors
def add_term(
    channel: Channel,
    term: Annotated[str, typer.Argument(help="2-500 characters; * only at the start/end")],
) -> None:
    """Block a term in a channel's chatroom; prints it."""
    echo_json(BlockedTermOut.of(call(CreateTerm, CreateTermRequest(SYSTEM, channel, term))))


@terms.command("remove")
@cli_errors
def remove_term(channel: Channel, term_id: Annotated[str, typer.Argument()]) -> None:
    """Unblock a term; prints it."""
    try:
        parsed = uuid.UUID(term_id)
    except ValueError:
        raise fail("invalid: the term id must be a UUID", 2) from None
    echo_json(BlockedTermOut.of(call(DeleteTerm, DeleteTermRequest(SYSTEM, channel, parsed))))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(terms, name="terms")

"""`streamzctl`: the staff command line, thin over the same use cases as the HTTP API.

Loaded lazily, so that a call imports only what it runs: ``COMMANDS`` names every top-level
command and group with the help line ``streamzctl --help`` (and shell completion) shows, and
where it lives. ``--help`` imports none of them; running ``streamzctl accounts show`` imports
the identity context's CLI module only, and the container, servers' clients and adapters only
when the command calls a use case (``runtime.run_with_container``).

To add a top-level command or group (e.g. a new ``foo.py`` exposing the Typer app ``foo``), add
one line to ``COMMANDS``: ``"foo": Entry("Its help line.", f"{CLI}.foo:foo")`` (a command
function works the same way); keep the module's top-level imports light (Typer, the core,
views) and import servers' libraries inside the commands. A context's CLI module instead adds
its groups in ``register(root, channels)``; list each such group here with the contexts that
add to it. tests/integration/test_cli_startup.py checks this table against the modules (names,
help lines, contributing contexts) and that ``--help`` imports no server library.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

CLI = "streamz.entrypoints.cli"
MARKUP = None  # Click's plain help and errors: Rich's formatting would cost ~0.3 s per call


@dataclass(frozen=True)
class Entry:
    """A top-level command or group: its help line, and either where it is (``target``,
    ``"module:attribute"``, a Typer app or a command function) or the contexts whose
    ``register`` adds to it (their commands print data, so each gets ``--json``)."""

    help: str
    target: str = ""
    contexts: tuple[str, ...] = ()


COMMANDS: dict[str, Entry] = {
    "dev": Entry(
        "Run everything locally: services, migrations, API, websockets, worker. Ctrl-C stops it.",
        f"{CLI}.run:dev",
    ),
    "serve": Entry(
        "Run the HTTP API and websockets (STREAMZ_SERVER=uvicorn|granian, STREAMZ_WORKERS=N).",
        f"{CLI}.run:serve",
    ),
    "worker": Entry(
        "Run the background worker (SAQ jobs and the outbox relay).", f"{CLI}.run:worker"
    ),
    "db": Entry("Database migrations (Alembic).", f"{CLI}.db:db"),
    "services": Entry(
        "Local PostgreSQL, Redis and Typesense on loopback.", f"{CLI}.services:services"
    ),
    "demo": Entry(
        "Development and demos only: go live and fill a fresh install, through the fake"
        " Livepeer of a running `streamzctl dev` (refused anywhere else).",
        f"{CLI}.demo:demo",
    ),
    "accounts": Entry("Accounts: show, create, set a role.", contexts=("identity",)),
    "token": Entry("Session tokens for trying the Private and Admin APIs.", contexts=("identity",)),
    "categories": Entry("Categories: create, list.", contexts=("social", "igdb")),
    "ws": Entry("The websocket gateway: instances, queues, events.", contexts=("gateway",)),
    "livepeer": Entry("Livepeer deliveries and background work.", contexts=("streams",)),
    "livestreams": Entry(
        "Livestream listings: list, category, following, recommended.", contexts=("directory",)
    ),
    "search": Entry(
        "Search channels, categories and live streams; reindex and reconcile.",
        contexts=("search",),
    ),
    "notifications": Entry(
        "Notification delivery: test sends, progress, dead letters.", contexts=("notifications",)
    ),
    "channels": Entry(
        "Channels: panels and links, badges, team, subscriptions.",
        contexts=(
            "about",
            "badges",
            "team",
            "subscriptions",
            "chat",
            "blocked_terms",
            "emotes",
            "chat_identity",
            "directory",
            "streams",
        ),
    ),
    "chat": Entry(
        "Chat moderation (staff): ban, unban, purge, show settings.", contexts=("bans", "messages")
    ),
}

# the groups the contexts' register() fill, once per process
_root = typer.Typer()
_channels = typer.Typer(help=COMMANDS["channels"].help, no_args_is_help=True)


@functools.cache
def _register(context: str) -> None:
    import_module(f"{CLI}.{context}").register(_root, _channels)


def _typer_of(name: str) -> typer.Typer:
    if name == "channels":
        return _channels
    if name == "chat":
        from streamz.entrypoints.cli.chat_group import chat

        return chat
    found = next(g.typer_instance for g in _root.registered_groups if g.name == name)
    assert found is not None
    return found


def leaves(command: Any) -> Iterator[Any]:
    """Every runnable command under ``command`` (itself if it is one)."""
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield command
        return
    for sub in subcommands.values():
        yield from leaves(sub)


@functools.cache
def load(name: str) -> Any:
    """The real command or group ``name`` (imports its module(s) now)."""
    from streamz.entrypoints.cli.runtime import json_option

    entry = COMMANDS[name]
    scratch = typer.Typer(rich_markup_mode=MARKUP)
    if entry.target:
        module, _, attribute = entry.target.partition(":")
        found = getattr(import_module(module), attribute)
        if isinstance(found, typer.Typer):
            scratch.add_typer(found, name=name)
        else:
            scratch.command(name)(found)
        return typer.main.get_group(scratch).commands[name]
    for context in entry.contexts:
        _register(context)
    scratch.add_typer(_typer_of(name), name=name)
    command = typer.main.get_group(scratch).commands[name]
    for leaf in leaves(command):
        leaf.params.append(json_option())
    return command


class LazyGroup(TyperGroup):
    """The root group: ``COMMANDS`` as placeholders (name and help line) until one is run."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, entry in COMMANDS.items():
            placeholder = TyperCommand(name=name, help=entry.help, short_help=entry.help)
            self.commands.setdefault(name, placeholder)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name in COMMANDS:
            command = self.commands[name] = load(name)
        return name, command, rest


app = typer.Typer(
    name="streamzctl",
    help="Run and operate Streamz.",
    cls=LazyGroup,
    rich_markup_mode=MARKUP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


@app.callback()
def streamzctl() -> None:
    """Run and operate Streamz."""


if __name__ == "__main__":
    app()

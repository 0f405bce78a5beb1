"""`streamzctl`: the staff command line, thin over the same use cases as the HTTP API."""

from __future__ import annotations

import typer

from streamz.contexts import modules
from streamz.entrypoints.cli.chat_group import chat as chat_commands
from streamz.entrypoints.cli.db import db
from streamz.entrypoints.cli.demo import demo
from streamz.entrypoints.cli.run import dev, serve, worker
from streamz.entrypoints.cli.services import services

app = typer.Typer(
    name="streamzctl",
    help="Run and operate Streamz.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("dev")(dev)
app.command("serve")(serve)
app.command("worker")(worker)
app.add_typer(db, name="db")
app.add_typer(services, name="services")
app.add_typer(demo, name="demo")  # development only: drives `dev`'s fake Livepeer

channels = typer.Typer(
    help="Channels: panels and links, badges, team, subscriptions.", no_args_is_help=True
)
for context in modules("streamz.entrypoints.cli"):
    context.register(app, channels)
app.add_typer(channels, name="channels")
app.add_typer(chat_commands, name="chat")

if __name__ == "__main__":
    app()

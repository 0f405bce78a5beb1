"""`streamzctl chat ...`: chat moderation for staff. Contexts add their commands to ``chat``
in their ``register``; main.py mounts it once."""

from __future__ import annotations

import typer

chat = typer.Typer(
    help="Chat moderation (staff): ban, unban, purge, show settings.", no_args_is_help=True
)

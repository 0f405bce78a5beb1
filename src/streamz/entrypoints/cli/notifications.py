"""`streamzctl notifications ...`."""

from __future__ import annotations

import typer


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands (none yet)."""

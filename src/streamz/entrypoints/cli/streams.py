"""The streams context (issue 6): filled by its owner."""

from __future__ import annotations

import typer


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""

"""`streamzctl db upgrade|downgrade|current`."""

from __future__ import annotations

from typing import Annotated

import typer

from streamz.entrypoints import migrations
from streamz.entrypoints.cli.runtime import cli_errors, resolve_settings

db = typer.Typer(help="Database migrations (Alembic).", no_args_is_help=True)


def _url() -> str:
    url = resolve_settings().database.url
    assert url is not None  # resolve_settings fills it or fails
    return url


@db.command("upgrade")
@cli_errors
def upgrade(revision: Annotated[str, typer.Argument(help="target revision")] = "head") -> None:
    """Migrate the database up to a revision (default: the latest)."""
    migrations.upgrade(_url(), revision)
    typer.echo(f"database at {migrations.current(_url())}")


@db.command("downgrade")
@cli_errors
def downgrade(
    revision: Annotated[str, typer.Argument(help="target revision, e.g. -1 or base")],
) -> None:
    """Migrate the database down to a revision."""
    migrations.downgrade(_url(), revision)
    typer.echo(f"database at {migrations.current(_url())}")


@db.command("current")
@cli_errors
def current() -> None:
    """Print the database's current revision."""
    typer.echo(migrations.current(_url()) or "base (empty)")

"""`streamzctl services up|down|status`: the embedded local Postgres, Redis and Typesense."""

from __future__ import annotations

import typer

from streamz.entrypoints.cli.runtime import cli_errors, local_services
from streamz.settings import Settings

services = typer.Typer(
    help="Local PostgreSQL, Redis and Typesense on loopback.", no_args_is_help=True
)


@services.command("up")
@cli_errors
def up() -> None:
    """Start the local services in the background (data kept in STREAMZ_DATA_DIR)."""
    urls = local_services(Settings.from_env()).start()
    typer.echo(f"postgres  {urls.database_url}")
    typer.echo(f"redis     {urls.redis_url}")
    typer.echo(f"typesense {urls.typesense_url}")


@services.command("down")
@cli_errors
def down() -> None:
    """Stop the local services (data is kept)."""
    local_services(Settings.from_env()).stop()
    typer.echo("stopped")


@services.command("status")
@cli_errors
def status() -> None:
    """Show which local services run, with pid and port."""
    rows = local_services(Settings.from_env()).status()
    for row in rows:
        state = "running" if row.running else "stopped"
        typer.echo(f"{row.name:<10} {state:<8} pid={row.pid or '-'} port={row.port or '-'}")
    if not all(row.running for row in rows):
        raise typer.Exit(1)

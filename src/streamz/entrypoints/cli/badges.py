"""`streamzctl` commands of subscriber badges: `channels badges list|add|remove`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from streamz.core.channels.badges.create_badge import CreateBadge, CreateBadgeRequest
from streamz.core.channels.badges.delete_badge import DeleteBadge, DeleteBadgeRequest
from streamz.core.channels.badges.entities import ShownBadge
from streamz.core.channels.badges.list_badges import ListBadges, ListBadgesRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    cli_errors,
    echo_json,
    resolve_settings,
    run_with_container,
)

if TYPE_CHECKING:
    from dishka import AsyncContainer

badges = typer.Typer(
    help="Subscriber badges: list, add (PNG, GIF or WebP file), remove.", no_args_is_help=True
)
Channel = Annotated[str, typer.Argument(help="channel slug or id")]
Months = Annotated[
    int, typer.Argument(help="months threshold: 1 2 3 6 9 12 18 24 30 36 48 60 72 84 96 108 120")
]


@badges.command("list")
@cli_errors
def list_badges(channel: Channel) -> None:
    """Print a channel's badges, by months."""
    from streamz.entrypoints.http.badges.views import BadgeList, BadgeOut

    async def work(container: AsyncContainer) -> list[ShownBadge]:
        async with container() as scope:
            use_case = await scope.get(ListBadges)
            return await use_case(ListBadgesRequest(Principal.system(), channel))

    shown = run_with_container(resolve_settings(), work)
    echo_json(BadgeList([BadgeOut.of(b) for b in shown]))


@badges.command("add")
@cli_errors
def add(
    channel: Channel,
    months: Months,
    image: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="image file")
    ],
) -> None:
    """Add a badge from an image file (square, 18-512 px, at most 256 KiB)."""
    from streamz.entrypoints.http.badges.views import BadgeOut

    data = image.read_bytes()

    async def work(container: AsyncContainer) -> ShownBadge:
        async with container() as scope:
            use_case = await scope.get(CreateBadge)
            return await use_case(CreateBadgeRequest(Principal.system(), channel, months, data))

    echo_json(BadgeOut.of(run_with_container(resolve_settings(), work)))


@badges.command("remove")
@cli_errors
def remove(channel: Channel, months: Months) -> None:
    """Remove the badge of a months threshold, and its image."""
    from streamz.entrypoints.http.badges.views import BadgeOut

    async def work(container: AsyncContainer) -> ShownBadge:
        async with container() as scope:
            use_case = await scope.get(DeleteBadge)
            return await use_case(DeleteBadgeRequest(Principal.system(), channel, months))

    echo_json(BadgeOut.of(run_with_container(resolve_settings(), work)))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(badges, name="badges")

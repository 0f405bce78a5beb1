"""`streamzctl channels panels ...` and `streamzctl channels links ...` (acting as the system)."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from streamz.core.channels.about.create_link import CreateLink, CreateLinkRequest
from streamz.core.channels.about.create_panel import CreatePanel, CreatePanelRequest
from streamz.core.channels.about.delete_link import DeleteLink, DeleteLinkRequest
from streamz.core.channels.about.delete_panel import DeletePanel, DeletePanelRequest
from streamz.core.channels.about.list_links import ListLinks, ListLinksRequest
from streamz.core.channels.about.list_panels import ListPanels, ListPanelsRequest
from streamz.core.channels.about.reorder_links import ReorderLinks, ReorderLinksRequest
from streamz.core.channels.about.reorder_panels import ReorderPanels, ReorderPanelsRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    fail,
)
from streamz.entrypoints.http.about.views import (
    PanelList,
    PanelOut,
    SocialLinkList,
    SocialLinkOut,
)

panels = typer.Typer(help="A channel's panels: list, add, remove, order.", no_args_is_help=True)
links = typer.Typer(
    help="A channel's social links: list, add, remove, order.", no_args_is_help=True
)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
SYSTEM = Principal.system()


def _ids(values: list[str]) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(v) for v in values]
    except ValueError:
        raise fail("invalid: every id must be a UUID", 2) from None


@panels.command("list")
@cli_errors
def list_panels(channel: Channel) -> None:
    """Print a channel's panels in order."""
    echo_json(PanelList.of(call(ListPanels, ListPanelsRequest(SYSTEM, channel))))


@panels.command("add")
@cli_errors
def add_panel(
    channel: Channel,
    title: Annotated[str, typer.Argument(help="1-100 characters")],
    body: Annotated[str, typer.Option(help="markdown, up to 5,000 characters")] = "",
    image_url: Annotated[str | None, typer.Option(help="http(s) URL of an image")] = None,
    link_url: Annotated[str | None, typer.Option(help="http(s) URL the panel links to")] = None,
) -> None:
    """Add a panel at the end of a channel's panels."""
    request = CreatePanelRequest(SYSTEM, channel, title, body, image_url, link_url)
    echo_json(PanelOut.of(call(CreatePanel, request)))


@panels.command("remove")
@cli_errors
def remove_panel(channel: Channel, panel_id: Annotated[str, typer.Argument()]) -> None:
    """Delete a panel; prints it."""
    request = DeletePanelRequest(SYSTEM, channel, _ids([panel_id])[0])
    echo_json(PanelOut.of(call(DeletePanel, request)))


@panels.command("order")
@cli_errors
def order_panels(
    channel: Channel,
    ids: Annotated[list[str], typer.Argument(help="every panel id, in the new order")],
) -> None:
    """Reorder a channel's panels; prints them in the new order."""
    request = ReorderPanelsRequest(SYSTEM, channel, _ids(ids))
    echo_json(PanelList.of(call(ReorderPanels, request)))


@links.command("list")
@cli_errors
def list_links(channel: Channel) -> None:
    """Print a channel's social links in order."""
    echo_json(SocialLinkList.of(call(ListLinks, ListLinksRequest(SYSTEM, channel))))


@links.command("add")
@cli_errors
def add_link(
    channel: Channel,
    url: Annotated[str, typer.Argument(help="http(s) URL")],
    label: Annotated[str | None, typer.Option(help="up to 50 characters")] = None,
) -> None:
    """Add a social link at the end of a channel's links."""
    echo_json(SocialLinkOut.of(call(CreateLink, CreateLinkRequest(SYSTEM, channel, url, label))))


@links.command("remove")
@cli_errors
def remove_link(channel: Channel, link_id: Annotated[str, typer.Argument()]) -> None:
    """Delete a social link; prints it."""
    request = DeleteLinkRequest(SYSTEM, channel, _ids([link_id])[0])
    echo_json(SocialLinkOut.of(call(DeleteLink, request)))


@links.command("order")
@cli_errors
def order_links(
    channel: Channel,
    ids: Annotated[list[str], typer.Argument(help="every link id, in the new order")],
) -> None:
    """Reorder a channel's social links; prints them in the new order."""
    request = ReorderLinksRequest(SYSTEM, channel, _ids(ids))
    echo_json(SocialLinkList.of(call(ReorderLinks, request)))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(panels, name="panels")
    channels.add_typer(links, name="links")

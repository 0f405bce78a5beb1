"""`streamzctl channels stream key|rotate|ingest|delete-vod ...` and `streamzctl livepeer
sweep|process` (acting as the system)."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.delete_vod import DeleteVod, DeleteVodRequest
from streamz.core.live.streams.get_stream_ingest import GetStreamIngest, GetStreamIngestRequest
from streamz.core.live.streams.get_stream_key import GetStreamKey, GetStreamKeyRequest
from streamz.core.live.streams.process_event import (
    ProcessLivepeerEvent,
    ProcessLivepeerEventRequest,
)
from streamz.core.live.streams.rotate_stream_key import RotateStreamKey, RotateStreamKeyRequest
from streamz.core.live.streams.sweep import SweepStreamWork, SweepStreamWorkRequest
from streamz.entrypoints.cli.runtime import call, cli_errors, echo_json, fail
from streamz.entrypoints.http.streams.views import StreamIngestOut, StreamKeyOut

stream = typer.Typer(
    help="A channel's Livepeer stream: key, rotation, ingest; VOD deletion.",
    no_args_is_help=True,
)
livepeer = typer.Typer(help="Livepeer deliveries and background work.", no_args_is_help=True)

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
SYSTEM = Principal.system()


@stream.command("key")
@cli_errors
def show_key(channel: Channel) -> None:
    """Print the channel's (secret) stream key and ingest URLs; creates the stream at first."""
    echo_json(StreamKeyOut.of(call(GetStreamKey, GetStreamKeyRequest(SYSTEM, channel))))


@stream.command("rotate")
@cli_errors
def rotate_key(channel: Channel) -> None:
    """Replace the channel's stream key (not while live); prints the new one."""
    echo_json(StreamKeyOut.of(call(RotateStreamKey, RotateStreamKeyRequest(SYSTEM, channel))))


@stream.command("ingest")
@cli_errors
def show_ingest(channel: Channel) -> None:
    """Print the channel's stream without its key."""
    echo_json(StreamIngestOut.of(call(GetStreamIngest, GetStreamIngestRequest(SYSTEM, channel))))


@stream.command("delete-vod")
@cli_errors
def delete_vod(channel: Channel, vod_id: Annotated[str, typer.Argument(help="VOD id")]) -> None:
    """Delete a VOD now; its Livepeer asset is deleted by the worker."""
    try:
        parsed = uuid.UUID(vod_id)
    except ValueError:
        raise fail("invalid: the VOD id must be a UUID", 2) from None
    vod = call(DeleteVod, DeleteVodRequest(SYSTEM, channel, parsed))
    echo_json({"id": str(vod.id), "channel_id": str(vod.channel_id), "deleted": True})


@livepeer.command("sweep")
@cli_errors
def sweep() -> None:
    """Queue again deliveries and asset deletions left undone; prints how many."""
    result = call(SweepStreamWork, SweepStreamWorkRequest(SYSTEM))
    echo_json({"events": result.events, "assets": result.assets})


@livepeer.command("process")
@cli_errors
def process(event_id: Annotated[str, typer.Argument(help="Livepeer event id")]) -> None:
    """Apply one stored delivery now, without the worker; prints its outcome."""
    outcome = call(ProcessLivepeerEvent, ProcessLivepeerEventRequest(SYSTEM, event_id))
    echo_json(
        {
            "id": outcome.event_id,
            "event": outcome.event,
            "outcome": outcome.outcome,
            "applied": outcome.applied,
            "already_processed": outcome.already_processed,
        }
    )


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(stream, name="stream")
    root.add_typer(livepeer, name="livepeer")

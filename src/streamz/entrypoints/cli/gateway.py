"""`streamzctl ws stats|publish`: the websocket gateway's instances, and events for clients."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from streamz.core.identity.entities import Principal
from streamz.core.realtime.gateway_stats import (
    InstanceStats,
    ListGatewayInstances,
    ListGatewayInstancesRequest,
)
from streamz.core.realtime.publish_event import PublishEvent, PublishEventRequest
from streamz.entrypoints.cli.runtime import call, cli_errors, echo_json, fail

SYSTEM = Principal.system()
ws = typer.Typer(help="The websocket gateway: instances, queues, events.", no_args_is_help=True)


def _instance(s: InstanceStats, now: datetime) -> dict[str, Any]:
    return {
        "instance": s.instance,
        "connections": s.connections,
        "signed_in": s.signed_in,
        "rooms": s.rooms,
        "topics": s.topics,
        "subscriptions": s.subscriptions,
        "queued": s.queued,
        "queue_max": s.queue_max,
        "listener_connected": s.listener_connected,
        "started_at": s.started_at.isoformat(),
        "age_seconds": round((now - s.updated_at).total_seconds(), 1),
        "counters": s.counters,
    }


@cli_errors
def stats() -> None:
    """Print every live gateway instance (connections, rooms, queue depths, counters) and the
    totals. Instances report every few seconds; a stopped one drops out."""
    instances: list[InstanceStats] = call(ListGatewayInstances, ListGatewayInstancesRequest(SYSTEM))
    now = datetime.now(UTC)
    echo_json(
        {
            "instances": [_instance(s, now) for s in instances],
            "total": {
                "instances": len(instances),
                "connections": sum(s.connections for s in instances),
                "subscriptions": sum(s.subscriptions for s in instances),
                "queued": sum(s.queued for s in instances),
                "queue_max": max((s.queue_max for s in instances), default=0),
            },
        }
    )


@cli_errors
def publish(
    topic: Annotated[str, typer.Argument(help="chatroom:<channel>, channel:<channel>, user:<id>")],
    event: Annotated[str, typer.Argument(help="a dotted name such as acme.poll_started")],
    data: Annotated[str, typer.Option(help="the event's data: a JSON object")] = "{}",
) -> None:
    """Send a non-durable event to the websocket clients subscribed to TOPIC (all instances)."""
    try:
        body = json.loads(data)
    except ValueError:
        raise fail("invalid: --data is not JSON", 2) from None
    if not isinstance(body, dict):
        raise fail("invalid: --data must be a JSON object", 2)
    published = call(PublishEvent, PublishEventRequest(SYSTEM, topic, event, body))
    echo_json({"id": published.id, "topic": published.topic, "event": published.event})


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    ws.command("stats")(stats)
    ws.command("publish")(publish)
    root.add_typer(ws, name="ws")

"""What each websocket gateway instance reports about itself, for staff (``streamzctl ws
stats``) and for benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from streamz.core.identity.entities import Principal
from streamz.ports.presence import GatewayStatsStore


@dataclass(frozen=True, slots=True)
class InstanceStats:
    instance: str  # host:pid:random, one per running gateway
    started_at: datetime
    updated_at: datetime
    connections: int
    signed_in: int  # connections of signed-in principals
    topics: int  # topics with local subscribers (one pub/sub subscription each)
    rooms: int  # chatroom topics among them
    subscriptions: int  # (connection, topic) pairs
    queued: int  # frames waiting in send queues, all connections
    queue_max: int  # the fullest send queue
    listener_connected: bool  # the Redis pub/sub connection is up
    counters: dict[str, int] = field(default_factory=dict)  # totals since start


@dataclass(frozen=True, slots=True)
class ListGatewayInstancesRequest:
    actor: Principal


@dataclass(frozen=True, slots=True)
class ListGatewayInstances:
    """The gateway instances alive now (each reports every few seconds; one that stops
    reporting drops out), by instance name.

    - Staff and the system only (``forbidden``).
    """

    store: GatewayStatsStore

    async def __call__(self, request: ListGatewayInstancesRequest) -> list[InstanceStats]:
        request.actor.require_staff()
        return sorted(await self.store.all(), key=lambda s: s.instance)

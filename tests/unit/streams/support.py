"""The streams use cases on the unit-test ``World``: an in-memory Livepeer, a job queue that
records jobs, and signed Livepeer deliveries (each use case on a fresh unit of work)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.streams import (
    MemoryChannelStreams,
    MemoryLivepeer,
    MemoryLivepeerEvents,
    MemoryLivestreamWrites,
    MemoryStreamJobs,
    MemoryVodWrites,
)
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.identity.entities import Account
from streamz.core.live.entities import Livestream, StreamInfo, Vod
from streamz.core.live.streams.delete_vod import DeleteVod, DeleteVodRequest
from streamz.core.live.streams.delete_vod_asset import DeleteVodAsset, DeleteVodAssetRequest
from streamz.core.live.streams.entities import (
    EventOutcome,
    LivepeerConfig,
    LivepeerDelivery,
    StreamKey,
    WebhookReceipt,
)
from streamz.core.live.streams.get_stream_ingest import GetStreamIngest
from streamz.core.live.streams.get_stream_key import GetStreamKey, GetStreamKeyRequest
from streamz.core.live.streams.process_event import (
    ProcessLivepeerEvent,
    ProcessLivepeerEventRequest,
)
from streamz.core.live.streams.receive_webhook import (
    ReceiveLivepeerWebhook,
    ReceiveLivepeerWebhookRequest,
)
from streamz.core.live.streams.rotate_stream_key import RotateStreamKey
from streamz.core.live.streams.sweep import SweepStreamWork
from streamz.core.shared.ids import new_id
from tests.fakes.livepeer import millis, sign
from tests.unit.support import SYSTEM, World, uow_of, user

SECRET = "unit-webhook-secret"


class Streams:
    """One world with Livepeer in memory; ``jobs`` holds what was queued."""

    def __init__(self) -> None:
        self.world = World()
        self.livepeer = MemoryLivepeer()
        self.jobs = MemoryStreamJobs()
        self.config = LivepeerConfig(webhook_secret=SECRET)
        self._seq = 0
        self.base = self.now()  # a reference moment tests count from

    @property
    def clock(self) -> Any:
        return self.world.clock

    def now(self) -> datetime:
        return self.world.clock.now()

    def tick(self, seconds: float = 1) -> datetime:
        self.world.clock.current = self.now() + timedelta(seconds=seconds)
        return self.now()

    # use cases, each on a fresh unit of work

    def _unit(self) -> MemoryUnit:
        return MemoryUnit(self.world.db)

    def get_key(self) -> GetStreamKey:
        u = self._unit()
        return GetStreamKey(
            MemoryChannels(u),
            MemoryChannelRoles(u),
            MemoryChannelStreams(u),
            self.livepeer,
            self.config,
            uow_of(u),
            self.clock,
        )

    def rotate_key(self) -> RotateStreamKey:
        u = self._unit()
        return RotateStreamKey(
            MemoryChannels(u),
            MemoryChannelRoles(u),
            MemoryChannelStreams(u),
            MemoryLivestreamWrites(u),
            self.livepeer,
            self.config,
            MemoryAuditLog(u),
            uow_of(u),
            self.clock,
        )

    def get_ingest(self) -> GetStreamIngest:
        u = self._unit()
        return GetStreamIngest(
            MemoryChannels(u),
            MemoryChannelRoles(u),
            MemoryChannelStreams(u),
            MemoryLivestreamWrites(u),
            self.config,
        )

    def receive(self) -> ReceiveLivepeerWebhook:
        u = self._unit()
        return ReceiveLivepeerWebhook(
            MemoryLivepeerEvents(u), self.jobs, self.config, uow_of(u), self.clock
        )

    def process(self) -> ProcessLivepeerEvent:
        u = self._unit()
        return ProcessLivepeerEvent(
            MemoryLivepeerEvents(u),
            MemoryChannelStreams(u),
            MemoryChannels(u),
            MemoryLivestreamWrites(u),
            MemoryVodWrites(u),
            uow_of(u),
            self.clock,
        )

    def delete_vod(self) -> DeleteVod:
        u = self._unit()
        return DeleteVod(
            MemoryChannels(u),
            MemoryChannelRoles(u),
            MemoryVodWrites(u),
            self.jobs,
            MemoryAuditLog(u),
            uow_of(u),
            self.clock,
        )

    def delete_asset(self) -> DeleteVodAsset:
        u = self._unit()
        return DeleteVodAsset(MemoryVodWrites(u), self.livepeer, uow_of(u), self.clock)

    def sweep(self) -> SweepStreamWork:
        u = self._unit()
        return SweepStreamWork(MemoryLivepeerEvents(u), MemoryVodWrites(u), self.jobs, self.clock)

    # arrangements

    async def streamer(self, username: str = "alice") -> tuple[Account, Channel, StreamKey]:
        """A registered account whose channel has its Livepeer stream."""
        account = await self.world.register(username)
        channel = self.channel_of(account)
        key = await self.get_key()(GetStreamKeyRequest(user(account), username))
        return account, channel, key

    async def make_moderator(self, channel: Channel, account: Account) -> None:
        """``account`` moderates ``channel`` with every permission."""
        u = self._unit()
        grant = RoleGrant(
            new_id(),
            channel.id,
            account.id,
            ChannelRole.MODERATOR,
            frozenset(Permission),
            None,
            self.now(),
        )
        await MemoryChannelRoles(u).grant(grant)
        await u.commit()

    def channel_of(self, account: Account) -> Channel:
        channels: dict[uuid.UUID, Channel] = self.tables.channels
        return next(c for c in channels.values() if c.account_id == account.id)

    @property
    def tables(self) -> Any:
        return self.world.db.tables

    def rows(self, name: str) -> dict[Any, Any]:
        return self.world.db.tables.table(name)

    def livestreams(self, channel: Channel) -> list[Livestream]:
        rows = self.rows("livestreams").values()
        return sorted((r for r in rows if r.channel_id == channel.id), key=lambda r: r.started_at)

    def vods(self) -> list[Vod]:
        return sorted(self.rows("vods").values(), key=lambda v: v.created_at)

    def is_live(self, channel: Channel) -> bool:
        return bool(self.tables.channels[channel.id].is_live)

    def set_info(self, channel: Channel, **fields: Any) -> None:
        self.rows("stream_info")[channel.id] = replace(StreamInfo(channel.id), **fields)

    def set_viewers(self, livestream: Livestream, viewers: int, peak: int) -> None:
        self.rows("livestreams")[livestream.id] = replace(
            livestream, viewers=viewers, peak_viewers=peak
        )

    def topics(self) -> list[str]:
        return self.world.topics()

    def payloads(self, topic: str) -> list[dict[str, Any]]:
        return [e.payload for e in self.tables.outbox if e.topic == topic]

    # deliveries

    def body(
        self,
        event: str,
        stream_id: str | None,
        at: datetime,
        *,
        payload: dict[str, Any] | None = None,
        event_id: str | None = None,
    ) -> dict[str, Any]:
        self._seq += 1
        body: dict[str, Any] = {
            "id": event_id or f"evt-{self._seq}-{uuid.uuid4().hex[:6]}",
            "webhookId": "wh-1",
            "createdAt": millis(at),
            "timestamp": millis(self.now()),
            "event": event,
        }
        if stream_id is not None:
            body["stream"] = {"id": stream_id, "name": "s", "isActive": event == "stream.started"}
        if payload is not None:
            body["payload"] = payload
        return body

    def recording(
        self, stream_id: str, started: datetime, last_seen: datetime, *, duration: float = 0
    ) -> dict[str, Any]:
        session = f"session-{uuid.uuid4().hex[:8]}"
        return self.body(
            "recording.ready",
            stream_id,
            self.now(),
            payload={
                "recordingUrl": f"https://cdn.example/recordings/{session}/index.m3u8",
                "session": {
                    "id": session,
                    "parentId": stream_id,
                    "assetId": session,
                    "createdAt": millis(started),
                    "lastSeen": millis(last_seen),
                    "sourceSegmentsDuration": duration,
                    "thumbUrl": f"https://cdn.example/recordings/{session}/thumb.png",
                },
            },
        )

    def header(self, raw: bytes, *, at: datetime | None = None, secret: str = SECRET) -> str:
        return f"t={millis(at or self.now())},v1={sign(raw, secret)}"

    async def deliver(self, body: dict[str, Any] | bytes, **header: Any) -> WebhookReceipt:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = ReceiveLivepeerWebhookRequest(SYSTEM, raw, self.header(raw, **header))
        return await self.receive()(request)

    async def run_jobs(self) -> list[EventOutcome]:
        """Process every queued delivery, in the order queued; the queue is emptied."""
        outcomes = []
        queued, self.jobs.events[:] = list(self.jobs.events), []
        for event_id in queued:
            outcomes.append(await self.process()(ProcessLivepeerEventRequest(SYSTEM, event_id)))
        return outcomes

    async def apply(self, body: dict[str, Any]) -> EventOutcome:
        """Deliver ``body`` and process it at once."""
        await self.deliver(body)
        outcomes = await self.run_jobs()
        assert len(outcomes) == 1, outcomes
        return outcomes[0]

    def delivery(self, event_id: str) -> LivepeerDelivery:
        delivery: LivepeerDelivery = self.rows("livepeer_events")[event_id]
        return delivery

    async def remove_vod(self, account: Account, vod: Vod) -> Vod:
        return await self.delete_vod()(DeleteVodRequest(user(account), "alice", vod.id))

    async def remove_asset(self, vod_id: uuid.UUID) -> bool:
        return await self.delete_asset()(DeleteVodAssetRequest(SYSTEM, vod_id))

"""Domain events: what happened, written to the outbox in the same transaction as the change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from streamz.core.shared.ids import new_id


@dataclass(frozen=True, slots=True)
class Event:
    """``topic`` names the kind (``account.registered``); ``key`` orders events of one aggregate.
    ``trace_context`` is the writer's trace context, opaque here (set and read by the outbox
    adapters; None when tracing is off), so what the event causes joins the writer's trace."""

    topic: str
    key: str
    payload: dict[str, Any]
    occurred_at: datetime
    id: uuid.UUID = field(default_factory=new_id)
    trace_context: str | None = field(default=None, compare=False)

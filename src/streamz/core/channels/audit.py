"""The channel audit log: every role change and moderation action, and every staff action on a
channel, with who, what, when and why. The owner, moderators and staff read it as the
moderation log."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from streamz.core.shared.ids import new_id


class ActingAs(enum.StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    channel_id: uuid.UUID
    actor_id: uuid.UUID | None  # None for the system (CLI, workers)
    acting_as: ActingAs
    action: str  # e.g. "role.granted", "panel.deleted"
    at: datetime
    target_account_id: uuid.UUID | None = None
    details: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    id: uuid.UUID = field(default_factory=new_id)

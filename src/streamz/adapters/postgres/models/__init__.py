"""Table definitions, one module per context (advanced-alchemy base: UUIDv7 keys, naming
conventions). Rows are written and read with SQLAlchemy Core statements in the repositories;
these classes define the schema that Alembic migrates. Importing this package registers every
table on ``metadata``.
"""

from advanced_alchemy.base import UUIDv7Base

from streamz.adapters.postgres.models import (
    bans,
    channels,
    chat,
    chat_identity,
    emotes,
    gateway,
    idempotency,
    identity,
    live,
    media,
    messages,
    notifications,  # issue 8 (notifications pipeline): added
    roles,
    social,
    subscriptions,
    terms,
)
from streamz.adapters.postgres.models.identity import (
    AccountRow,
    ApiTokenRow,
    ChannelRow,
    ChatroomRow,
    OutboxRow,
)

metadata = UUIDv7Base.metadata

__all__ = [
    "AccountRow",
    "ApiTokenRow",
    "ChannelRow",
    "ChatroomRow",
    "OutboxRow",
    "bans",
    "channels",
    "chat",
    "chat_identity",
    "emotes",
    "gateway",
    "idempotency",
    "identity",
    "live",
    "media",
    "messages",
    "metadata",
    "notifications",
    "roles",
    "social",
    "subscriptions",
    "terms",
]

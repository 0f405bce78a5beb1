"""Table definitions, one module per context (advanced-alchemy base: UUIDv7 keys, naming
conventions). Rows are written and read with SQLAlchemy Core statements in the repositories;
these classes define the schema that Alembic migrates. Importing this package registers every
table on ``metadata``.
"""

from advanced_alchemy.base import UUIDv7Base

from streamz.adapters.postgres.models.identity import (
    AccountRow,
    ApiTokenRow,
    ChannelRow,
    ChatroomRow,
    OutboxRow,
)
from streamz.contexts import modules

metadata = UUIDv7Base.metadata
TABLE_MODULES = modules(__name__)  # registers every context's tables on ``metadata``

__all__ = [
    "TABLE_MODULES",
    "AccountRow",
    "ApiTokenRow",
    "ChannelRow",
    "ChatroomRow",
    "OutboxRow",
    "metadata",
]

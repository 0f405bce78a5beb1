import uuid
from typing import Protocol

from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import ChannelRole, Membership, RoleGrant


class ChannelRoleRepository(Protocol):
    async def membership(self, channel: Channel, account_id: uuid.UUID) -> Membership: ...

    async def grant(self, grant: RoleGrant) -> None:
        """Add a role; a second grant of the same role raises ``RoleAlreadyGranted``."""
        ...

    async def update(self, grant: RoleGrant) -> None:
        """Replace a grant's permissions."""
        ...

    async def get(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, role: ChannelRole
    ) -> RoleGrant | None: ...

    async def revoke(self, grant_id: uuid.UUID) -> None: ...

    async def list_for(
        self, channel_id: uuid.UUID, role: ChannelRole, *, limit: int, before: uuid.UUID | None
    ) -> list[RoleGrant]:
        """Newest first; ``before`` is the id of the last grant of the previous page."""
        ...

    async def count(self, channel_id: uuid.UUID, role: ChannelRole) -> int: ...


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        actions: tuple[str, ...] | None,
        limit: int,
        before: uuid.UUID | None,
    ) -> list[AuditEntry]:
        """Newest first; ``actions`` filters by action prefix (e.g. ``("role.", "chat.")``)."""
        ...

"""Badge use cases on the unit-test world, sharing one in-memory object store and the Pillow
image codec (no I/O)."""

from __future__ import annotations

from streamz.adapters.memory.badges import MemoryBadges
from streamz.adapters.memory.media import MemoryObjectStore
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.adapters.pillow.images import PillowImageCodec
from streamz.core.channels.badges.create_badge import CreateBadge
from streamz.core.channels.badges.delete_badge import DeleteBadge
from streamz.core.channels.badges.list_badges import ListBadges
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role, Scope
from streamz.core.shared.ids import new_id
from streamz.ports.media import ImageCodec
from tests.unit.support import T0, World


class BadgeWorld:
    def __init__(self, world: World) -> None:
        self.world = world
        self.store = MemoryObjectStore()
        self.images: ImageCodec = PillowImageCodec()

    def _open(self) -> tuple[ChannelChanges, MemoryBadges]:
        """One transaction: the channel changes and the badges on it."""
        r = self.world.open()
        roles, log = MemoryChannelRoles(r.unit), MemoryAuditLog(r.unit)
        return ChannelChanges(r.channels, roles, log, r.uow, self.world.clock), MemoryBadges(r.unit)

    def create(self) -> CreateBadge:
        return CreateBadge(*self._open(), self.store, self.images)

    def delete(self) -> DeleteBadge:
        return DeleteBadge(*self._open(), self.store)

    def listing(self) -> ListBadges:
        r = self.world.open()
        return ListBadges(MemoryChannels(r.unit), MemoryBadges(r.unit), self.store)

    async def moderator(self, owner: Account, name: str, *permissions: Permission) -> Account:
        account = await self.world.register(name)
        r = self.world.open()
        channel = await r.channels.by_slug(owner.username)
        assert channel is not None
        grant = RoleGrant(
            new_id(),
            channel.id,
            account.id,
            ChannelRole.MODERATOR,
            frozenset(permissions),
            owner.id,
            T0,
        )
        await MemoryChannelRoles(r.unit).grant(grant)
        await r.unit.commit()
        return account

    def audit_actions(self) -> list[str]:
        rows = self.world.tables.table("channel_audit_log").values()
        return [entry.action for entry in rows]


def staff(account: Account) -> Principal:
    """A staff session acting on the Admin API."""
    return Principal(PrincipalKind.STAFF, account.id, Role.STAFF)


def token(account: Account, *scopes: str) -> Principal:
    return Principal(PrincipalKind.TOKEN, account.id, account.role, frozenset(map(Scope, scopes)))

"""Channel roles (moderator, VIP, OG), moderators' granular permissions, and membership."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime


class ChannelRole(enum.StrEnum):
    MODERATOR = "moderator"
    VIP = "vip"
    OG = "og"


class Permission(enum.StrEnum):
    """What a moderator may do in a channel; the owner may do everything."""

    BAN = "ban"
    TIMEOUT = "timeout"
    DELETE_MESSAGES = "delete_messages"
    MANAGE_SETTINGS = "manage_settings"  # chat settings, panels, links, badges
    MANAGE_TERMS_EMOTES = "manage_terms_emotes"
    MANAGE_ROLES = "manage_roles"  # grant and remove VIP and OG (never moderator)


ALL_PERMISSIONS = frozenset(Permission)
DEFAULT_MODERATOR_PERMISSIONS = frozenset(
    {Permission.BAN, Permission.TIMEOUT, Permission.DELETE_MESSAGES}
)


def permission_to_change(role: ChannelRole) -> Permission | None:
    """What a moderator needs to grant or remove ``role``; None: the owner only (moderators)."""
    return None if role is ChannelRole.MODERATOR else Permission.MANAGE_ROLES


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """One role of one account in one channel; ``permissions`` only for moderators."""

    id: uuid.UUID
    channel_id: uuid.UUID
    account_id: uuid.UUID
    role: ChannelRole
    permissions: frozenset[Permission]
    granted_by: uuid.UUID | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Membership:
    """What an account is in a channel."""

    is_owner: bool
    roles: frozenset[ChannelRole]
    permissions: frozenset[Permission]  # a moderator's; everything for the owner

    @classmethod
    def none(cls) -> Membership:
        return cls(False, frozenset(), frozenset())

    @classmethod
    def of(cls, *, is_owner: bool, grants: list[RoleGrant]) -> Membership:
        roles = frozenset(g.role for g in grants)
        permissions: frozenset[Permission] = frozenset()
        for grant in grants:
            if grant.role is ChannelRole.MODERATOR:
                permissions = grant.permissions
        return cls(is_owner, roles, ALL_PERMISSIONS if is_owner else permissions)

    @property
    def is_moderator(self) -> bool:
        return ChannelRole.MODERATOR in self.roles

    def may(self, permission: Permission) -> bool:
        return self.is_owner or permission in self.permissions

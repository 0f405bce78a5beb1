"""What the HTTP API shows of channel roles and the moderation log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec

from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.roles import ChannelRole, Permission
from streamz.core.channels.team.members import MAX_REASON, RoleMember
from streamz.core.identity.entities import Account

AccountIdentifier = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Reason = Annotated[str, msgspec.Meta(max_length=MAX_REASON)] | None
Permissions = Annotated[list[Permission], msgspec.Meta(max_length=len(Permission))]


class AccountRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    username: str

    @classmethod
    def of(cls, account: Account) -> AccountRef:
        return cls(account.id, account.username)


class MemberOut(msgspec.Struct, frozen=True, omit_defaults=True):
    id: uuid.UUID
    account: AccountRef
    role: ChannelRole
    granted_by: uuid.UUID | None
    created_at: datetime
    permissions: list[Permission] | None = None  # moderators only

    @classmethod
    def of(cls, member: RoleMember) -> MemberOut:
        grant = member.grant
        permissions = None
        if grant.role is ChannelRole.MODERATOR:
            permissions = sorted(grant.permissions)
        return cls(
            grant.id,
            AccountRef.of(member.account),
            grant.role,
            grant.granted_by,
            grant.created_at,
            permissions,
        )


class MemberPage(msgspec.Struct, frozen=True):
    data: list[MemberOut]
    next: str | None


class GrantRoleIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    account: AccountIdentifier  # username or account id
    reason: Reason = None


class GrantModeratorIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    account: AccountIdentifier  # username or account id
    permissions: Permissions | None = None  # default: ban, timeout, delete_messages
    reason: Reason = None


class SetPermissionsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    permissions: Permissions
    reason: Reason = None


class AuditEntryOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    action: str
    acting_as: str
    actor_id: uuid.UUID | None
    target_account_id: uuid.UUID | None
    details: dict[str, Any]
    reason: str | None
    at: datetime

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(
            entry.id,
            entry.action,
            entry.acting_as.value,
            entry.actor_id,
            entry.target_account_id,
            entry.details,
            entry.reason,
            entry.at,
        )


class AuditPage(msgspec.Struct, frozen=True):
    data: list[AuditEntryOut]
    next: str | None

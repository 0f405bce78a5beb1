"""What the HTTP API shows of accounts and tokens."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from streamz.core.identity.entities import ApiToken, Role, Scope
from streamz.core.identity.get_account import AccountProfile


class AccountChannelRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str


class AccountOut(msgspec.Struct, frozen=True, omit_defaults=True):
    id: uuid.UUID
    username: str
    role: Role
    created_at: datetime
    channel: AccountChannelRef
    email: str | None = None  # only for the account itself and staff

    @classmethod
    def of(cls, profile: AccountProfile) -> AccountOut:
        account, channel = profile.account, profile.channel
        return cls(
            id=account.id,
            username=account.username,
            role=account.role,
            created_at=account.created_at,
            channel=AccountChannelRef(channel.id, channel.slug),
            email=account.email if profile.email_visible else None,
        )


class ApiTokenOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> ApiTokenOut:
        return cls(
            id=token.id,
            name=token.name,
            prefix=token.prefix,
            scopes=sorted(s.value for s in token.scopes),
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
        )


class CreatedApiTokenOut(msgspec.Struct, frozen=True):
    token: ApiTokenOut
    secret: str  # shown once


class ApiTokenPage(msgspec.Struct, frozen=True):
    data: list[ApiTokenOut]
    next: str | None


class CreateApiTokenIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    scopes: Annotated[list[Scope], msgspec.Meta(min_length=1, max_length=len(Scope))]
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None


class SetRoleIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    role: Role

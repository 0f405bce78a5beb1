"""Accounts, roles, API tokens and the acting principal."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.errors import Forbidden, Unauthenticated


class Role(enum.StrEnum):
    USER = "user"
    PREMIUM = "premium"
    STAFF = "staff"


class Scope(enum.StrEnum):
    """What a Public API token may do. Reads never need a scope."""

    CHANNEL_WRITE = "channel:write"
    CHAT_WRITE = "chat:write"
    MODERATION_WRITE = "moderation:write"
    STREAM_WRITE = "stream:write"


@dataclass(frozen=True, slots=True)
class Account:
    id: uuid.UUID
    identity_id: str
    username: str
    email: str
    role: Role
    created_at: datetime
    updated_at: datetime
    email_verified_at: datetime | None = None  # when the identity provider verified it


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A Public API token. Only ``token_hash`` is stored; the secret is shown once."""

    id: uuid.UUID
    account_id: uuid.UUID
    name: str
    prefix: str
    token_hash: str
    scopes: frozenset[Scope]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def usable_at(self, now: datetime) -> bool:
        expired = self.expires_at is not None and self.expires_at <= now
        return self.revoked_at is None and not expired


class PrincipalKind(enum.StrEnum):
    ANONYMOUS = "anonymous"
    USER = "user"  # a signed-in session (Private and Admin APIs)
    TOKEN = "token"  # a scoped API token (Public API)
    STAFF = "staff"  # a staff session acting with staff powers (Admin API)
    SYSTEM = "system"  # the CLI, workers, webhooks and embedding code (Internal)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking. Every use case that reads or writes on behalf of someone receives one."""

    kind: PrincipalKind
    account_id: uuid.UUID | None = None
    role: Role | None = None
    scopes: frozenset[Scope] | None = None  # None: not limited by scopes

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(PrincipalKind.ANONYMOUS)

    @classmethod
    def system(cls) -> Principal:
        return cls(PrincipalKind.SYSTEM)

    @property
    def is_system(self) -> bool:
        return self.kind is PrincipalKind.SYSTEM

    @property
    def is_staff(self) -> bool:
        return self.is_system or self.role is Role.STAFF

    def require_system(self) -> None:
        if not self.is_system:
            raise Forbidden("this operation is internal")

    def require_account(self) -> uuid.UUID:
        if self.account_id is None:
            raise Unauthenticated("this operation needs a signed-in account")
        return self.account_id

    def require_staff(self) -> None:
        if not self.is_staff:
            raise Forbidden("this operation is for staff only")

    def require_scope(self, scope: Scope) -> None:
        if self.kind is PrincipalKind.ANONYMOUS:
            raise Unauthenticated(f"this operation needs an API token with scope {scope}")
        if self.scopes is not None and scope not in self.scopes:
            raise Forbidden(f"this API token lacks the scope {scope}")

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
    """What a Public API token may do. Reads of public data never need a scope; private
    account data (emails) needs ``accounts:read``, for the token's own account and, when its
    owner is staff, any account."""

    ACCOUNTS_READ = "accounts:read"
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
        """The system, and staff accounts through a session (Private or Admin API). A staff
        account's API token is not: a token acts with its owner's ordinary rights, and has a
        staff power only where a scope names it (``has_staff_scope``), on reads as on writes."""
        return self.is_system or (self.role is Role.STAFF and self.kind is not PrincipalKind.TOKEN)

    def has_scope(self, scope: Scope) -> bool:
        """Whether ``scope`` allows this: always for sessions and the system (not limited by
        scopes), for a token only when it carries ``scope``; never for anonymous callers."""
        if self.kind is PrincipalKind.ANONYMOUS:
            return False
        return self.scopes is None or scope in self.scopes

    def has_staff_scope(self, scope: Scope) -> bool:
        """Staff powers for what ``scope`` covers: the system and staff sessions always; a
        staff account's API token only when it carries ``scope``."""
        return self.is_staff or (self.role is Role.STAFF and self.has_scope(scope))

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

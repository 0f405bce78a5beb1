from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from streamz.core.errors import FieldError, Invalid
from streamz.core.identity.entities import ApiToken, Principal, PrincipalKind, Scope
from streamz.core.identity.tokens import TOKEN_PREFIX, hash_secret, new_secret
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.identity import ApiTokenRepository
from streamz.ports.unit_of_work import UnitOfWork

MAX_NAME = 64
MAX_DAYS = 365


@dataclass(frozen=True, slots=True)
class CreateApiTokenRequest:
    actor: Principal
    name: str
    scopes: list[str]
    expires_in_days: int | None = None


@dataclass(frozen=True, slots=True)
class CreatedApiToken:
    token: ApiToken
    secret: str  # shown once, never stored


@dataclass(frozen=True, slots=True)
class CreateApiToken:
    """Creates a Public API token for the signed-in account.

    - Only a signed-in session may create tokens (a token cannot mint tokens).
    - Name: 1-64 characters. Scopes: at least one, each a known ``Scope``, duplicates folded.
    - Optional expiry: 1-365 days.
    - The secret is returned once; only its hash is kept.
    """

    tokens: ApiTokenRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: CreateApiTokenRequest) -> CreatedApiToken:
        account_id = request.actor.require_account()
        if request.actor.kind is not PrincipalKind.USER:
            raise Invalid.field("authorization", "API tokens are created from a signed-in session")
        name, scopes = _validate(request)
        now = self.clock.now()
        expires_at = None
        if request.expires_in_days is not None:
            expires_at = now + timedelta(days=request.expires_in_days)
        secret = new_secret()
        token = ApiToken(
            id=new_id(),
            account_id=account_id,
            name=name,
            prefix=secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 6],
            token_hash=hash_secret(secret),
            scopes=scopes,
            created_at=now,
            expires_at=expires_at,
            revoked_at=None,
        )
        await self.tokens.add(token)
        await self.uow.commit()
        return CreatedApiToken(token, secret)


def _validate(request: CreateApiTokenRequest) -> tuple[str, frozenset[Scope]]:
    errors: list[FieldError] = []
    name = request.name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        errors.append(FieldError("body.name", f"name must be 1-{MAX_NAME} characters"))
    known = {s.value for s in Scope}
    unknown = [s for s in request.scopes if s not in known]
    if unknown:
        errors.append(FieldError("body.scopes", f"unknown scopes: {', '.join(sorted(unknown))}"))
    elif not request.scopes:
        errors.append(FieldError("body.scopes", "at least one scope is needed"))
    days = request.expires_in_days
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors.append(FieldError("body.expires_in_days", f"must be 1-{MAX_DAYS} days"))
    if errors:
        raise Invalid("the token request is invalid", errors=errors)
    return name, frozenset(Scope(s) for s in request.scopes)

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal, PrincipalKind
from streamz.core.identity.errors import InvalidToken, UnknownIdentity
from streamz.core.identity.tokens import hash_secret, looks_like_api_token
from streamz.ports.auth import SessionVerifier
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository, ApiTokenRepository


@dataclass(frozen=True, slots=True)
class AuthenticateRequest:
    bearer: str | None  # the credential from ``Authorization: Bearer ...``, if any
    allow_api_token: bool  # the Public API accepts API tokens; the others need a session


@dataclass(frozen=True, slots=True)
class Authenticate:
    """Turns a bearer credential into the principal that is asking.

    - No credential: the anonymous principal.
    - ``stz_...``: a Public API token; must exist, not be revoked or expired, and be allowed on
      this tier. The principal carries the token's scopes and the owner's role.
    - Anything else: a session JWT from the identity provider; its subject must belong to a
      registered account (``UnknownIdentity`` otherwise).
    """

    accounts: AccountRepository
    tokens: ApiTokenRepository
    sessions: SessionVerifier
    clock: Clock

    async def __call__(self, request: AuthenticateRequest) -> Principal:
        bearer = request.bearer
        if not bearer:
            return Principal.anonymous()
        if looks_like_api_token(bearer):
            if not request.allow_api_token:
                raise InvalidToken("API tokens are accepted on the Public API only")
            return await self._api_token(bearer)
        session = await self.sessions.verify(bearer)
        account = await self.accounts.by_identity(session.subject)
        if account is None:
            raise UnknownIdentity("this identity has no account yet")
        return Principal(PrincipalKind.USER, account.id, account.role)

    async def _api_token(self, secret: str) -> Principal:
        token = await self.tokens.by_hash(hash_secret(secret))
        if token is None or not token.usable_at(self.clock.now()):
            raise InvalidToken("the API token is unknown, revoked or expired")
        owner = await self.accounts.get(token.account_id)
        if owner is None:  # pragma: no cover - foreign key
            raise InvalidToken("the API token has no owner")
        return Principal(PrincipalKind.TOKEN, owner.id, owner.role, token.scopes)

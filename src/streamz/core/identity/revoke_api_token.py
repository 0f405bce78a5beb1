from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.identity.entities import ApiToken, Principal
from streamz.core.identity.errors import TokenNotFound
from streamz.core.shared.events import Event
from streamz.ports.clock import Clock
from streamz.ports.identity import ApiTokenRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RevokeApiTokenRequest:
    actor: Principal
    token_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class RevokeApiToken:
    """Revokes one of the signed-in account's API tokens; it stops working at once.

    - Someone else's token is reported as not found (no enumeration).
    - Revoking twice keeps the first revocation time.
    - Emits ``api_token.revoked``: open websocket connections using it close within moments.
    """

    tokens: ApiTokenRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: RevokeApiTokenRequest) -> ApiToken:
        account_id = request.actor.require_account()
        token = await self.tokens.get(request.token_id)
        if token is None or token.account_id != account_id:
            raise TokenNotFound(f"no API token {request.token_id}")
        if token.revoked_at is not None:
            return token
        now = self.clock.now()
        revoked = replace(token, revoked_at=now)
        await self.tokens.update(revoked)
        payload = {"account_id": str(account_id), "token_id": str(token.id)}
        self.uow.record(Event("api_token.revoked", str(account_id), payload, now))
        await self.uow.commit()
        return revoked

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from streamz.core.identity.entities import Account, Principal
from streamz.core.identity.errors import AccountNotFound, UsernameImmutable
from streamz.core.identity.rules import (
    normalise_email,
    normalise_identity_id,
    normalise_username,
)
from streamz.core.shared.events import Event
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChangeEmailRequest:
    actor: Principal
    identity_id: str
    email: str
    username: str | None = None  # the identity's current username trait, when sent
    email_verified: bool | None = None  # whether the provider verified it; None: not said


@dataclass(frozen=True, slots=True)
class ChangeEmail:
    """Records an email change made at the identity provider (its settings webhook).

    - Internal only. The identity must already have an account (``AccountNotFound``).
    - The same email again changes nothing and emits nothing, unless its verification
      state changed (verified now, or no longer): that is recorded, without an event.
    - A new email is unverified unless ``email_verified`` says otherwise.
    - The username is the channel's slug and cannot change here: a different one is rejected
      (``UsernameImmutable``) and nothing is written.
    - Emits ``account.email_changed`` with the previous address (for the notice email).
    """

    accounts: AccountRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: ChangeEmailRequest) -> Account:
        request.actor.require_system()
        email = normalise_email(request.email)
        account = await self.accounts.by_identity(normalise_identity_id(request.identity_id))
        if account is None:
            raise AccountNotFound(f"no account for identity {request.identity_id!r}")
        if request.username is not None:
            username = normalise_username(request.username)
            if username != account.username:
                raise UsernameImmutable.field("identity.traits.username", "cannot be changed")
        now = self.clock.now()
        if email == account.email:
            return await self._verification(account, request.email_verified, now)
        verified_at = now if request.email_verified else None
        changed = replace(account, email=email, updated_at=now, email_verified_at=verified_at)
        await self.accounts.update(changed)
        self.uow.record(
            Event(
                "account.email_changed",
                str(account.id),
                {"account_id": str(account.id), "previous": account.email, "email": email},
                now,
            )
        )
        await self.uow.commit()
        return changed

    async def _verification(
        self, account: Account, verified: bool | None, now: datetime
    ) -> Account:
        if verified is None or verified == (account.email_verified_at is not None):
            return account
        changed = replace(account, email_verified_at=now if verified else None, updated_at=now)
        await self.accounts.update(changed)
        await self.uow.commit()
        return changed

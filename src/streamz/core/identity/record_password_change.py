from __future__ import annotations

from dataclasses import dataclass, replace

from streamz.core.identity.entities import Account, Principal
from streamz.core.identity.errors import AccountNotFound
from streamz.core.identity.rules import normalise_identity_id
from streamz.core.shared.events import Event
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RecordPasswordChangeRequest:
    actor: Principal
    identity_id: str


@dataclass(frozen=True, slots=True)
class RecordPasswordChange:
    """Records that the identity provider changed an account's password.

    - Internal only (the identity provider's settings webhook for the password method).
    - Streamz stores no password: it marks the account updated and emits
      ``account.password_changed`` so the owner gets a security notice.
    - The identity must have an account (``AccountNotFound``).
    """

    accounts: AccountRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: RecordPasswordChangeRequest) -> Account:
        request.actor.require_system()
        identity_id = normalise_identity_id(request.identity_id)
        account = await self.accounts.by_identity(identity_id)
        if account is None:
            raise AccountNotFound(f"no account for identity {identity_id!r}")
        now = self.clock.now()
        changed = replace(account, updated_at=now)
        await self.accounts.update(changed)
        self.uow.record(
            Event(
                "account.password_changed",
                str(account.id),
                {"account_id": str(account.id), "changed_at": now.isoformat()},
                now,
            )
        )
        await self.uow.commit()
        return changed

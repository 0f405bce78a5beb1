from __future__ import annotations

from dataclasses import dataclass, replace

from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Account, Principal, Role
from streamz.core.identity.lookup import find_account
from streamz.core.shared.events import Event
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SetRoleRequest:
    actor: Principal
    identifier: str
    role: Role


@dataclass(frozen=True, slots=True)
class SetRole:
    """Gives an account the ``user``, ``premium`` or ``staff`` role.

    - Staff and internal callers only.
    - Staff cannot remove their own staff role (so there is always someone to undo a mistake).
    - Setting the role an account already has changes nothing and emits nothing.
    - Emits ``account.role_changed``; after the commit the account's cached chat identities
      (every channel) are dropped.
    """

    accounts: AccountRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: SetRoleRequest) -> Account:
        request.actor.require_staff()
        account = await find_account(self.accounts, request.identifier)
        if account.role is request.role:
            return account
        if account.id == request.actor.account_id and request.role is not Role.STAFF:
            raise Forbidden("staff cannot remove their own staff role")
        now = self.clock.now()
        changed = replace(account, role=request.role, updated_at=now)
        await self.accounts.update(changed)
        self.uow.record(
            Event(
                "account.role_changed",
                str(account.id),
                {"account_id": str(account.id), "from": account.role, "to": request.role},
                now,
            )
        )
        await self.uow.commit()
        return changed

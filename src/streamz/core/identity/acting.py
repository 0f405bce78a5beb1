"""For whom a personal use case acts (follows, preferences, the followed directory): the
signed-in account, or the account the system names."""

from __future__ import annotations

import uuid

from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Principal, PrincipalKind
from streamz.core.identity.errors import AccountNotFound
from streamz.ports.identity import AccountRepository


async def acting_account(
    accounts: AccountRepository, actor: Principal, account_id: uuid.UUID | None
) -> uuid.UUID:
    """The account whose follows and preferences are read or changed.

    - A signed-in session (Private API): its own account; another ``account_id`` is refused.
    - The system (CLI, workers, library): the explicit ``account_id``, which must exist.
    - Anonymous: ``Unauthenticated``. API tokens and staff acting as staff: ``Forbidden``
      (follows and preferences belong to the Private and Internal tiers only).
    """
    if actor.is_system:
        if account_id is None:
            raise Invalid.field("account_id", "the system must name the account it acts for")
        if await accounts.get(account_id) is None:
            raise AccountNotFound(f"no account {account_id}")
        return account_id
    if actor.kind is PrincipalKind.ANONYMOUS:
        raise Unauthenticated("this operation needs a signed-in account")
    if actor.kind is not PrincipalKind.USER:
        raise Forbidden("follows and notification preferences need a signed-in session")
    own = actor.require_account()
    if account_id is not None and account_id != own:
        raise Forbidden("a session acts for its own account only")
    return own

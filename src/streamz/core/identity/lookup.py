"""Finding an account by a user identifier: its id or its username."""

from __future__ import annotations

from streamz.core.identity.entities import Account
from streamz.core.identity.errors import AccountNotFound
from streamz.core.shared.ids import parse_id
from streamz.ports.identity import AccountRepository


async def find_account(accounts: AccountRepository, identifier: str) -> Account:
    account_id = parse_id(identifier)
    if account_id is not None:
        account = await accounts.get(account_id)
    else:
        account = await accounts.by_username(identifier.strip().lower())
    if account is None:
        raise AccountNotFound(f"no account {identifier!r}")
    return account

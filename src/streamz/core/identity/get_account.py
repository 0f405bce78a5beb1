from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account, Principal, Scope
from streamz.core.identity.lookup import find_account
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository


@dataclass(frozen=True, slots=True)
class GetAccountRequest:
    actor: Principal
    identifier: str  # an account id or a username


@dataclass(frozen=True, slots=True)
class AccountProfile:
    account: Account
    channel: Channel
    email_visible: bool


@dataclass(frozen=True, slots=True)
class GetAccount:
    """Fetches an account and its channel by user identifier (account id or username).

    - Anyone may read a profile; usernames match case-insensitively.
    - The email is visible only to the account itself, staff sessions and internal callers.
      An API token shows it only with the ``accounts:read`` scope: a token's own account's,
      and any account's when the token's owner is staff. A staff account's token without
      that scope reads profiles as anyone does.
    """

    accounts: AccountRepository
    channels: ChannelRepository

    async def __call__(self, request: GetAccountRequest) -> AccountProfile:
        account = await find_account(self.accounts, request.identifier)
        channel = await self.channels.by_account(account.id)
        if channel is None:  # pragma: no cover - written together with the account
            raise RuntimeError(f"account {account.id} has no channel")
        actor = request.actor
        own = actor.account_id == account.id
        visible = actor.has_staff_scope(Scope.ACCOUNTS_READ) or (
            own and actor.has_scope(Scope.ACCOUNTS_READ)
        )
        return AccountProfile(account, channel, email_visible=visible)

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom
from streamz.core.identity.entities import Account, Principal, Role
from streamz.core.identity.errors import UsernameTaken
from streamz.core.identity.rules import (
    normalise_email,
    normalise_identity_id,
    normalise_username,
)
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RegisterAccountRequest:
    actor: Principal
    identity_id: str
    username: str
    email: str
    email_verified: bool = False  # the identity provider verified this address


@dataclass(frozen=True, slots=True)
class Registration:
    account: Account
    channel: Channel
    chatroom: Chatroom
    created: bool


@dataclass(frozen=True, slots=True)
class RegisterAccount:
    """Creates an account with its channel and the channel's chatroom, in one transaction.

    - Internal only: called by the identity provider's registration webhook, the CLI, or
      embedding code.
    - ``identity_id`` is the identity provider's id. Registering it again changes nothing and
      returns what exists (``created`` is False), so webhook replays are harmless.
    - Username: 3-25 characters of ``[a-z0-9_]``, unique case-insensitively (``UsernameTaken``).
    - The channel's slug is the username; new accounts get the ``user`` role.
    - ``email_verified``: the provider verified the address (chatrooms may require it).
    - Emits ``account.registered``.
    """

    accounts: AccountRepository
    channels: ChannelRepository
    chatrooms: ChatroomRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: RegisterAccountRequest) -> Registration:
        request.actor.require_system()
        identity_id = normalise_identity_id(request.identity_id)
        username = normalise_username(request.username)
        email = normalise_email(request.email)

        existing = await self.accounts.by_identity(identity_id)
        if existing is not None:
            return await self._existing(existing)
        if await self.accounts.by_username(username) is not None:
            raise UsernameTaken(f"username {username!r} is taken")

        now = self.clock.now()
        verified = now if request.email_verified else None
        account = Account(new_id(), identity_id, username, email, Role.USER, now, now, verified)
        channel = Channel(new_id(), account.id, username, username, "", False, 0, now, now)
        chatroom = Chatroom(new_id(), channel.id, now)
        await self.accounts.add(account)
        await self.channels.add(channel)
        await self.chatrooms.add(chatroom)
        self.uow.record(
            Event(
                "account.registered",
                str(account.id),
                {
                    "account_id": str(account.id),
                    "username": username,
                    "channel_id": str(channel.id),
                    "chatroom_id": str(chatroom.id),
                },
                now,
            )
        )
        await self.uow.commit()
        return Registration(account, channel, chatroom, created=True)

    async def _existing(self, account: Account) -> Registration:
        channel = await self.channels.by_account(account.id)
        chatroom = await self.chatrooms.by_channel(channel.id) if channel else None
        if channel is None or chatroom is None:  # pragma: no cover - written together
            raise RuntimeError(f"account {account.id} lacks its channel or chatroom")
        return Registration(account, channel, chatroom, created=False)

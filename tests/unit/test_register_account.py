from __future__ import annotations

import pytest

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import (
    MemoryAccounts,
    MemoryChannels,
    MemoryChatrooms,
)
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Principal, PrincipalKind, Role
from streamz.core.identity.errors import UsernameTaken
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from tests.unit.support import uow_of

from .support import ANONYMOUS, SYSTEM, T0, World, fails


def request(
    username: str = "alice",
    *,
    identity_id: str = "id-alice",
    email: str = "alice@example.com",
    actor: Principal = SYSTEM,
) -> RegisterAccountRequest:
    return RegisterAccountRequest(actor, identity_id, username, email)


async def test_creates_account_channel_and_chatroom(world: World) -> None:
    reg = await world.register_account()(request())

    assert reg.created is True
    assert reg.account.username == "alice"
    assert reg.account.email == "alice@example.com"
    assert reg.account.identity_id == "id-alice"
    assert reg.account.role is Role.USER
    assert reg.account.created_at == reg.account.updated_at == T0
    assert reg.channel.account_id == reg.account.id
    assert reg.channel.slug == "alice"
    assert reg.channel.display_name == "alice"
    assert (reg.channel.is_live, reg.channel.followers_count, reg.channel.bio) == (False, 0, "")
    assert reg.chatroom.channel_id == reg.channel.id
    assert world.tables.accounts == {reg.account.id: reg.account}
    assert world.tables.channels == {reg.channel.id: reg.channel}
    assert world.tables.chatrooms == {reg.chatroom.id: reg.chatroom}


async def test_emits_account_registered_with_ids(world: World) -> None:
    reg = await world.register_account()(request())

    (event,) = world.tables.outbox
    assert event.topic == "account.registered"
    assert event.key == str(reg.account.id)
    assert event.occurred_at == T0
    assert event.payload == {
        "account_id": str(reg.account.id),
        "username": "alice",
        "channel_id": str(reg.channel.id),
        "chatroom_id": str(reg.chatroom.id),
    }


async def test_username_is_normalised_to_lower_case(world: World) -> None:
    reg = await world.register_account()(request("  Alice_01 "))

    assert reg.account.username == "alice_01"
    assert reg.channel.slug == "alice_01"


async def test_email_domain_is_lowered_and_local_part_kept(world: World) -> None:
    reg = await world.register_account()(request(email=" Alice.Smith@Example.COM "))

    assert reg.account.email == "Alice.Smith@example.com"


async def test_replay_of_same_identity_returns_existing_and_writes_nothing(world: World) -> None:
    first = await world.register_account()(request())
    before = world.snapshot()

    again = await world.register_account()(
        request("someone_else", identity_id="  id-alice  ", email="other@example.com")
    )

    assert again.created is False
    assert again.account == first.account
    assert again.channel == first.channel
    assert again.chatroom == first.chatroom
    assert world.tables == before
    assert world.topics() == ["account.registered"]


@pytest.mark.parametrize(
    "actor",
    [
        ANONYMOUS,
        Principal(PrincipalKind.USER, None, Role.STAFF),
        Principal(PrincipalKind.TOKEN, None, Role.STAFF),
    ],
    ids=["anonymous", "staff-session", "staff-token"],
)
async def test_only_the_system_may_register(world: World, actor: Principal) -> None:
    await fails(world, world.register_account()(request(actor=actor)), Forbidden, "forbidden")
    assert world.tables.accounts == {}


@pytest.mark.parametrize(
    "username",
    ["ab", "a" * 26, "al-ice", "al ice", "al.ice", "alíce", "", "   ", "bob!"],
)
async def test_bad_usernames_are_invalid(world: World, username: str) -> None:
    error = await fails(world, world.register_account()(request(username)), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["username"]


@pytest.mark.parametrize("username", ["abc", "a" * 25, "___", "007", "A_B_C"])
async def test_username_bounds_and_alphabet_are_accepted(world: World, username: str) -> None:
    reg = await world.register_account()(request(username))
    assert reg.account.username == username.lower()


@pytest.mark.parametrize(
    "email",
    ["", "alice", "alice@", "@example.com", "alice@example", "a b@example.com", "a@@b.com",
     "a" * 65 + "@example.com", "a@" + "b" * 250 + ".com"],
)  # fmt: skip
async def test_bad_emails_are_invalid(world: World, email: str) -> None:
    error = await fails(world, world.register_account()(request(email=email)), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["email"]


async def test_taken_username_is_rejected_case_insensitively(world: World) -> None:
    await world.register_account()(request("alice"))

    await fails(
        world,
        world.register_account()(request("ALICE", identity_id="id-other", email="x@example.com")),
        UsernameTaken,
        "username-taken",
    )
    assert len(world.tables.accounts) == 1
    assert world.topics() == ["account.registered"]


async def test_two_accounts_get_distinct_ids(world: World) -> None:
    a = await world.register_account()(request("alice", identity_id="id-a"))
    b = await world.register_account()(request("bob", identity_id="id-b"))

    assert len({a.account.id, b.account.id, a.channel.id, b.channel.id}) == 4
    assert len(world.tables.accounts) == len(world.tables.channels) == 2
    assert world.topics() == ["account.registered", "account.registered"]


async def test_interleaved_registrations_both_survive(world: World) -> None:
    units = [MemoryUnit(world.db), MemoryUnit(world.db)]
    cases = [
        RegisterAccount(
            MemoryAccounts(u),
            MemoryChannels(u),
            MemoryChatrooms(u),
            uow_of(u),
            world.clock,
        )
        for u in units
    ]

    await cases[0](request("alice", identity_id="id-a"))
    await cases[1](request("bob", identity_id="id-b"))

    assert sorted(a.username for a in world.tables.accounts.values()) == ["alice", "bob"]

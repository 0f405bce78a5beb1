from __future__ import annotations

import uuid

import pytest

from streamz.core.errors import Invalid, Unauthenticated
from streamz.core.identity.entities import Account
from streamz.core.identity.list_api_tokens import ListApiTokensRequest
from streamz.core.identity.revoke_api_token import RevokeApiTokenRequest
from streamz.core.shared.pages import encode_cursor

from .support import ANONYMOUS, World, fails, user

pytestmark = pytest.mark.usefixtures("tick_ids")


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


async def make_tokens(world: World, owner: Account, n: int) -> list[uuid.UUID]:
    """Creates ``n`` tokens; returns their ids, oldest first."""
    return [(await world.token(owner)).token.id for _ in range(n)]


async def test_lists_newest_first_in_pages(world: World, alice: Account) -> None:
    ids = await make_tokens(world, alice, 5)
    newest_first = ids[::-1]
    list_tokens = world.list_api_tokens()

    first = await list_tokens(ListApiTokensRequest(user(alice), limit=2))
    second = await list_tokens(ListApiTokensRequest(user(alice), limit=2, after=first.next))
    third = await list_tokens(ListApiTokensRequest(user(alice), limit=2, after=second.next))

    assert [t.id for t in first.data] == newest_first[0:2]
    assert [t.id for t in second.data] == newest_first[2:4]
    assert [t.id for t in third.data] == newest_first[4:5]
    assert first.next is not None
    assert second.next is not None
    assert third.next is None


async def test_exactly_one_full_page_has_no_next(world: World, alice: Account) -> None:
    await make_tokens(world, alice, 3)

    page = await world.list_api_tokens()(ListApiTokensRequest(user(alice), limit=3))

    assert len(page.data) == 3
    assert page.next is None


async def test_empty_list(world: World, alice: Account) -> None:
    page = await world.list_api_tokens()(ListApiTokensRequest(user(alice)))
    assert page.data == []
    assert page.next is None


async def test_only_own_tokens_and_revoked_ones_included(world: World, alice: Account) -> None:
    bob = await world.register("bob")
    mine = await make_tokens(world, alice, 2)
    await make_tokens(world, bob, 2)
    await world.revoke_api_token()(RevokeApiTokenRequest(user(alice), mine[0]))

    page = await world.list_api_tokens()(ListApiTokensRequest(user(alice)))

    assert [t.id for t in page.data] == mine[::-1]
    assert page.data[1].revoked_at is not None


async def test_default_limit_is_twenty(world: World, alice: Account) -> None:
    await make_tokens(world, alice, 21)

    page = await world.list_api_tokens()(ListApiTokensRequest(user(alice)))

    assert len(page.data) == 20
    assert page.next is not None


@pytest.mark.parametrize("limit", [1, 100])
async def test_limit_bounds_are_accepted(world: World, alice: Account, limit: int) -> None:
    await make_tokens(world, alice, 2)
    page = await world.list_api_tokens()(ListApiTokensRequest(user(alice), limit=limit))
    assert len(page.data) == min(limit, 2)


@pytest.mark.parametrize("limit", [0, -1, 101])
async def test_limit_out_of_bounds_is_invalid(world: World, alice: Account, limit: int) -> None:
    error = await fails(
        world,
        world.list_api_tokens()(ListApiTokensRequest(user(alice), limit=limit)),
        Invalid,
        "invalid",
    )
    assert [e.field for e in error.errors] == ["query.limit"]


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "", "bm90IGpzb24", encode_cursor([]), encode_cursor(["a", "b"])],
    ids=["not-base64", "empty", "not-json", "empty-list", "two-values"],
)
async def test_malformed_cursor_is_invalid(world: World, alice: Account, cursor: str) -> None:
    error = await fails(
        world,
        world.list_api_tokens()(ListApiTokensRequest(user(alice), after=cursor)),
        Invalid,
        "invalid",
    )
    assert [e.field for e in error.errors] == ["query.after"]


async def test_cursor_holding_a_non_uuid_is_invalid(world: World, alice: Account) -> None:
    await make_tokens(world, alice, 2)

    with pytest.raises(Invalid):
        await world.list_api_tokens()(
            ListApiTokensRequest(user(alice), after=encode_cursor(["not-a-uuid"]))
        )


async def test_needs_a_signed_in_account(world: World) -> None:
    await fails(
        world,
        world.list_api_tokens()(ListApiTokensRequest(ANONYMOUS)),
        Unauthenticated,
        "unauthenticated",
    )

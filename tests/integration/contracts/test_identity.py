"""Contract of the identity ports: ``AccountRepository`` and ``ApiTokenRepository``."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryApiTokens
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.api_tokens import PostgresApiTokens
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, ApiToken, Role, Scope
from streamz.core.identity.errors import UsernameTaken
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def account(username: str, **changes: Any) -> Account:
    fields: dict[str, Any] = {
        "id": new_id(),
        "identity_id": f"ory-{username}",
        "username": username,
        "email": f"{username}@example.com",
        "role": Role.USER,
        "created_at": T0,
        "updated_at": T0,
    }
    return Account(**(fields | changes))


def token(account_id: uuid.UUID, name: str = "ci", **changes: Any) -> ApiToken:
    fields: dict[str, Any] = {
        "id": new_id(),
        "account_id": account_id,
        "name": name,
        "prefix": "sz_abc",
        "token_hash": uuid.uuid4().hex,
        "scopes": frozenset({Scope.CHAT_WRITE, Scope.ACCOUNTS_READ}),
        "created_at": T0,
        "expires_at": T0 + timedelta(days=30),
        "revoked_at": None,
    }
    return ApiToken(**(fields | changes))


def accounts(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)


def tokens(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryApiTokens, postgres=PostgresApiTokens, unit=unit)


async def finish(unit: Any) -> None:
    """Commit and give the unit's connection back (the test pool has 4)."""
    await unit.commit()
    await unit.rollback()


async def refused(unit: Any, write: Callable[[], Awaitable[None]], error: type[Exception]) -> None:
    """``write`` is refused with ``error``: at once (Postgres) or, at the latest, at commit."""

    async def attempt() -> None:
        await write()
        await unit.commit()

    with pytest.raises(error):
        await attempt()
    await unit.rollback()  # gives its connection back (the pool is small)


async def second_loses(
    first: Any,
    second: Any,
    write_first: Callable[[], Awaitable[None]],
    write_second: Callable[[], Coroutine[Any, Any, None]],
    error: type[Exception],
) -> None:
    """Two open units write the same unique value; the second fails once the first commits
    (Postgres makes it wait on the index, memory refuses its commit)."""
    await write_first()
    pending = asyncio.create_task(write_second())
    await asyncio.sleep(0.05)
    await first.commit()

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(error):
        await attempt()
    await first.rollback()
    await second.rollback()


async def test_an_added_account_is_read_back_by_id_username_and_identity(backend: Backend) -> None:
    unit = backend.unit()
    ada = account("ada", email_verified_at=T0 + timedelta(minutes=1))
    await accounts(backend, unit).add(ada)
    await finish(unit)

    repo = accounts(backend, backend.unit())
    assert await repo.get(ada.id) == ada
    assert await repo.by_username("ada") == ada
    assert await repo.by_identity("ory-ada") == ada
    assert (await repo.get(ada.id)).role is Role.USER
    assert await repo.get(new_id()) is None
    assert await repo.by_username("nobody") is None
    assert await repo.by_identity("ory-nobody") is None


async def test_writes_are_seen_by_others_only_after_commit(backend: Backend) -> None:
    writer, reader = backend.unit(), backend.unit()
    ada = account("ada")
    await accounts(backend, writer).add(ada)
    assert await accounts(backend, writer).get(ada.id) == ada  # its own write
    assert await accounts(backend, reader).get(ada.id) is None
    await finish(writer)
    assert await accounts(backend, backend.unit()).get(ada.id) == ada

    dropped = backend.unit()
    await accounts(backend, dropped).add(account("bob"))
    await dropped.rollback()
    assert await accounts(backend, backend.unit()).by_username("bob") is None


async def test_usernames_and_identities_are_unique(backend: Backend) -> None:
    unit = backend.unit()
    await accounts(backend, unit).add(account("ada"))
    await finish(unit)

    taken = backend.unit()
    await refused(
        taken, lambda: accounts(backend, taken).add(account("ada", identity_id="x")), UsernameTaken
    )
    twice = backend.unit()
    await refused(
        twice, lambda: accounts(backend, twice).add(account("bob", identity_id="ory-ada")), Conflict
    )
    assert await accounts(backend, backend.unit()).by_username("bob") is None


async def test_of_two_concurrent_registrations_of_a_username_the_second_fails(
    backend: Backend,
) -> None:
    first, second = backend.unit(), backend.unit()
    await second_loses(
        first,
        second,
        lambda: accounts(backend, first).add(account("ada")),
        lambda: accounts(backend, second).add(account("ada", identity_id="other")),
        UsernameTaken,
    )
    found = await accounts(backend, backend.unit()).by_username("ada")
    assert found is not None
    assert found.identity_id == "ory-ada"


async def test_update_writes_email_role_and_times_only(backend: Backend) -> None:
    unit = backend.unit()
    ada = account("ada")
    await accounts(backend, unit).add(ada)
    await finish(unit)

    later = T0 + timedelta(hours=1)
    changed = Account(
        ada.id, "ory-changed", "renamed", "new@example.com", Role.STAFF, later, later, later
    )
    unit = backend.unit()
    await accounts(backend, unit).update(changed)
    await accounts(backend, unit).update(account("ghost"))  # no such row: nothing happens
    await finish(unit)

    repo = accounts(backend, backend.unit())
    assert await repo.get(ada.id) == Account(
        ada.id, "ory-ada", "ada", "new@example.com", Role.STAFF, T0, later, later
    )
    assert await repo.by_username("ghost") is None


async def test_ids_by_usernames_returns_those_that_exist(backend: Backend) -> None:
    unit = backend.unit()
    ada, bob = account("ada"), account("bob")
    for a in (ada, bob):
        await accounts(backend, unit).add(a)
    await finish(unit)

    repo = accounts(backend, backend.unit())
    assert await repo.ids_by_usernames(["ada", "bob", "nobody"]) == {"ada": ada.id, "bob": bob.id}
    assert await repo.ids_by_usernames(["nobody"]) == {}
    assert await repo.ids_by_usernames([]) == {}


async def _owner(backend: Backend, username: str = "ada") -> Account:
    unit = backend.unit()
    owner = account(username)
    await accounts(backend, unit).add(owner)
    await finish(unit)
    return owner


async def test_a_token_is_read_back_by_id_and_hash_with_its_scopes(backend: Backend) -> None:
    ada = await _owner(backend)
    unit = backend.unit()
    ci = token(ada.id)
    bare = token(ada.id, "bare", scopes=frozenset(), expires_at=None)
    await tokens(backend, unit).add(ci)
    await tokens(backend, unit).add(bare)
    await finish(unit)

    repo = tokens(backend, backend.unit())
    assert await repo.get(ci.id) == ci
    assert await repo.by_hash(ci.token_hash) == ci
    assert (await repo.get(ci.id)).scopes == {Scope.CHAT_WRITE, Scope.ACCOUNTS_READ}
    assert await repo.get(bare.id) == bare
    assert await repo.get(new_id()) is None
    assert await repo.by_hash("unknown") is None


async def test_token_hashes_are_unique_and_owners_must_exist(backend: Backend) -> None:
    ada = await _owner(backend)
    unit = backend.unit()
    first = token(ada.id)
    await tokens(backend, unit).add(first)
    await finish(unit)

    again = backend.unit()
    await refused(
        again,
        lambda: tokens(backend, again).add(token(ada.id, token_hash=first.token_hash)),
        Conflict,
    )
    orphan = backend.unit()
    await refused(orphan, lambda: tokens(backend, orphan).add(token(new_id())), Conflict)
    assert await tokens(backend, backend.unit()).list_for(ada.id, limit=10, before=None) == [first]


async def test_tokens_list_newest_first_per_account_in_pages(backend: Backend) -> None:
    ada, bob = await _owner(backend), await _owner(backend, "bob")
    unit = backend.unit()
    made = [token(ada.id, f"t{n}") for n in range(5)]
    for t in [*made, token(bob.id, "bobs")]:
        await tokens(backend, unit).add(t)
    await finish(unit)

    repo = tokens(backend, backend.unit())
    newest = list(reversed(made))
    first = await repo.list_for(ada.id, limit=2, before=None)
    assert first == newest[:2]
    second = await repo.list_for(ada.id, limit=2, before=first[-1].id)
    assert second == newest[2:4]
    assert await repo.list_for(ada.id, limit=2, before=second[-1].id) == newest[4:]
    assert await repo.list_for(ada.id, limit=10, before=made[0].id) == []
    assert [t.name for t in await repo.list_for(bob.id, limit=10, before=None)] == ["bobs"]


async def test_token_update_writes_name_expiry_and_revocation_only(backend: Backend) -> None:
    ada = await _owner(backend)
    unit = backend.unit()
    ci = token(ada.id)
    await tokens(backend, unit).add(ci)
    await finish(unit)

    revoked = T0 + timedelta(days=1)
    changed = ApiToken(
        ci.id, new_id(), "renamed", "other", "otherhash", frozenset(), revoked, None, revoked
    )
    unit = backend.unit()
    await tokens(backend, unit).update(changed)
    await tokens(backend, unit).update(token(ada.id, "ghost"))  # no such row: nothing happens
    await finish(unit)

    repo = tokens(backend, backend.unit())
    assert await repo.get(ci.id) == ApiToken(
        ci.id, ada.id, "renamed", "sz_abc", ci.token_hash, ci.scopes, T0, None, revoked
    )
    assert [t.id for t in await repo.list_for(ada.id, limit=10, before=None)] == [ci.id]


async def test_of_two_concurrent_tokens_with_one_hash_the_second_fails(backend: Backend) -> None:
    ada = await _owner(backend)
    first, second = backend.unit(), backend.unit()
    winner = token(ada.id)
    await second_loses(
        first,
        second,
        lambda: tokens(backend, first).add(winner),
        lambda: tokens(backend, second).add(token(ada.id, "copy", token_hash=winner.token_hash)),
        Conflict,
    )
    assert await tokens(backend, backend.unit()).list_for(ada.id, limit=10, before=None) == [winner]

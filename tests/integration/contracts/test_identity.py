"""Contract of the identity ports: ``AccountRepository`` and ``ApiTokenRepository``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryApiTokens
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.api_tokens import PostgresApiTokens
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, ApiToken, Role, Scope
from streamz.core.identity.errors import UsernameTaken
from streamz.core.shared.ids import new_id
from streamz.ports.identity import AccountRepository, ApiTokenRepository

from .conftest import T0_US, Backend, add_rows, refused, second_loses

MEMORY: Callable[[Any], AccountRepository] = MemoryAccounts
POSTGRES: Callable[[Any], AccountRepository] = PostgresAccounts
MEMORY_TOKENS: Callable[[Any], ApiTokenRepository] = MemoryApiTokens
POSTGRES_TOKENS: Callable[[Any], ApiTokenRepository] = PostgresApiTokens


def account(username: str, **changes: Any) -> Account:
    fields: dict[str, Any] = {
        "id": new_id(),
        "identity_id": f"ory-{username}",
        "username": username,
        "email": f"{username}@example.com",
        "role": Role.USER,
        "created_at": T0_US,
        "updated_at": T0_US,
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
        "created_at": T0_US,
        "expires_at": T0_US + timedelta(days=30),
        "revoked_at": None,
    }
    return ApiToken(**(fields | changes))


async def test_an_added_account_is_read_back_by_id_username_and_identity(backend: Backend) -> None:
    ada = account("ada", email_verified_at=T0_US + timedelta(minutes=1))
    await add_rows(backend, ada, memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(ada.id) == ada
        assert await repo.by_username("ada") == ada
        assert await repo.by_identity("ory-ada") == ada
        found = await repo.get(ada.id)
        assert found is not None
        assert found.role is Role.USER
        assert await repo.get(new_id()) is None
        assert await repo.by_username("nobody") is None
        assert await repo.by_identity("ory-nobody") is None


async def test_writes_are_seen_by_others_only_after_commit(backend: Backend) -> None:
    ada = account("ada")
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (writer, repo),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, reader),
    ):
        await repo.add(ada)
        assert await repo.get(ada.id) == ada  # its own write
        assert await reader.get(ada.id) is None
        await writer.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(ada.id) == ada

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (dropped, repo):
        await repo.add(account("bob"))
        await dropped.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_username("bob") is None


async def test_usernames_and_identities_are_unique(backend: Backend) -> None:
    await add_rows(backend, account("ada"), memory=MEMORY, postgres=POSTGRES)

    taken, twice = account("ada", identity_id="x"), account("bob", identity_id="ory-ada")
    await refused(backend, UsernameTaken, lambda r: r.add(taken), memory=MEMORY, postgres=POSTGRES)
    await refused(backend, Conflict, lambda r: r.add(twice), memory=MEMORY, postgres=POSTGRES)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_username("bob") is None


async def test_of_two_concurrent_registrations_of_a_username_the_second_fails(
    backend: Backend,
) -> None:
    winner, loser = account("ada"), account("ada", identity_id="other")
    await second_loses(
        backend,
        UsernameTaken,
        lambda r: r.add(winner),
        lambda r: r.add(loser),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        found = await repo.by_username("ada")
    assert found is not None
    assert found.identity_id == "ory-ada"


async def test_update_writes_email_role_and_times_only(backend: Backend) -> None:
    ada = account("ada")
    await add_rows(backend, ada, memory=MEMORY, postgres=POSTGRES)

    later = T0_US + timedelta(hours=1)
    changed = Account(
        ada.id, "ory-changed", "renamed", "new@example.com", Role.STAFF, later, later, later
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.update(changed)
        await repo.update(account("ghost"))  # no such row: nothing happens
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(ada.id) == Account(
            ada.id, "ory-ada", "ada", "new@example.com", Role.STAFF, T0_US, later, later
        )
        assert await repo.by_username("ghost") is None


async def test_ids_by_usernames_returns_those_that_exist(backend: Backend) -> None:
    ada, bob = account("ada"), account("bob")
    await add_rows(backend, ada, bob, memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.ids_by_usernames(["ada", "bob", "nobody"]) == {
            "ada": ada.id,
            "bob": bob.id,
        }
        assert await repo.ids_by_usernames(["nobody"]) == {}
        assert await repo.ids_by_usernames([]) == {}


async def test_a_token_is_read_back_by_id_and_hash_with_its_scopes(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1, channels=0)).accounts
    ci = token(ada.id)
    bare = token(ada.id, "bare", scopes=frozenset(), expires_at=None)
    await add_rows(backend, ci, bare, memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS)

    async with backend.opened(memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS) as (_, repo):
        assert await repo.get(ci.id) == ci
        assert await repo.by_hash(ci.token_hash) == ci
        found = await repo.get(ci.id)
        assert found is not None
        assert found.scopes == {Scope.CHAT_WRITE, Scope.ACCOUNTS_READ}
        assert await repo.get(bare.id) == bare
        assert await repo.get(new_id()) is None
        assert await repo.by_hash("unknown") is None


async def test_token_hashes_are_unique_and_owners_must_exist(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1, channels=0)).accounts
    first = token(ada.id)
    await add_rows(backend, first, memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS)

    again, orphan = token(ada.id, token_hash=first.token_hash), token(new_id())
    await refused(
        backend, Conflict, lambda r: r.add(again), memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS
    )
    await refused(
        backend, Conflict, lambda r: r.add(orphan), memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS
    )
    async with backend.opened(memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS) as (_, repo):
        assert await repo.list_for(ada.id, limit=10, before=None) == [first]


async def test_tokens_list_newest_first_per_account_in_pages(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=0)).accounts
    made = [token(ada.id, f"t{n}") for n in range(5)]
    await add_rows(
        backend, *made, token(bob.id, "bobs"), memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS
    )

    async with backend.opened(memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS) as (_, repo):
        newest = list(reversed(made))
        first = await repo.list_for(ada.id, limit=2, before=None)
        assert first == newest[:2]
        second = await repo.list_for(ada.id, limit=2, before=first[-1].id)
        assert second == newest[2:4]
        assert await repo.list_for(ada.id, limit=2, before=second[-1].id) == newest[4:]
        assert await repo.list_for(ada.id, limit=10, before=made[0].id) == []
        assert [t.name for t in await repo.list_for(bob.id, limit=10, before=None)] == ["bobs"]


async def test_token_update_writes_name_expiry_and_revocation_only(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1, channels=0)).accounts
    ci = token(ada.id)
    await add_rows(backend, ci, memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS)

    revoked = T0_US + timedelta(days=1)
    changed = ApiToken(
        ci.id, new_id(), "renamed", "other", "otherhash", frozenset(), revoked, None, revoked
    )
    async with backend.opened(memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS) as (unit, repo):
        await repo.update(changed)
        await repo.update(token(ada.id, "ghost"))  # no such row: nothing happens
        await unit.commit()

    async with backend.opened(memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS) as (_, repo):
        assert await repo.get(ci.id) == ApiToken(
            ci.id, ada.id, "renamed", "sz_abc", ci.token_hash, ci.scopes, T0_US, None, revoked
        )
        assert [t.id for t in await repo.list_for(ada.id, limit=10, before=None)] == [ci.id]


async def test_of_two_concurrent_tokens_with_one_hash_the_second_fails(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1, channels=0)).accounts
    winner = token(ada.id)
    loser = token(ada.id, "copy", token_hash=winner.token_hash)
    await second_loses(
        backend,
        Conflict,
        lambda r: r.add(winner),
        lambda r: r.add(loser),
        memory=MEMORY_TOKENS,
        postgres=POSTGRES_TOKENS,
    )
    async with backend.opened(memory=MEMORY_TOKENS, postgres=POSTGRES_TOKENS) as (_, repo):
        assert await repo.list_for(ada.id, limit=10, before=None) == [winner]

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from streamz.core.errors import Forbidden, Unauthenticated
from streamz.core.identity.entities import ApiToken, Principal, PrincipalKind, Role, Scope

from .support import ANONYMOUS, SYSTEM, T0

ACCOUNT = uuid.UUID(int=1)
SESSION = Principal(PrincipalKind.USER, ACCOUNT, Role.USER)
STAFF = Principal(PrincipalKind.USER, ACCOUNT, Role.STAFF)
CHAT_TOKEN = Principal(PrincipalKind.TOKEN, ACCOUNT, Role.USER, frozenset({Scope.CHAT_WRITE}))


def test_require_scope_anonymous_is_unauthenticated() -> None:
    with pytest.raises(Unauthenticated) as info:
        ANONYMOUS.require_scope(Scope.CHAT_WRITE)
    assert info.value.code == "unauthenticated"
    assert "chat:write" in info.value.detail


def test_require_scope_token_lacking_it_is_forbidden() -> None:
    with pytest.raises(Forbidden) as info:
        CHAT_TOKEN.require_scope(Scope.STREAM_WRITE)
    assert info.value.code == "forbidden"
    assert "stream:write" in info.value.detail


@pytest.mark.parametrize("principal", [CHAT_TOKEN, SESSION, STAFF, SYSTEM])
def test_require_scope_passes(principal: Principal) -> None:
    principal.require_scope(Scope.CHAT_WRITE)
    assert principal.scopes is None or Scope.CHAT_WRITE in principal.scopes


def test_token_with_no_scopes_has_none() -> None:
    empty = Principal(PrincipalKind.TOKEN, ACCOUNT, Role.USER, frozenset())
    with pytest.raises(Forbidden):
        empty.require_scope(Scope.CHAT_WRITE)


def test_require_system() -> None:
    SYSTEM.require_system()
    for principal in (ANONYMOUS, SESSION, STAFF, CHAT_TOKEN):
        with pytest.raises(Forbidden) as info:
            principal.require_system()
        assert info.value.code == "forbidden"


def test_require_account() -> None:
    assert SESSION.require_account() == ACCOUNT
    assert CHAT_TOKEN.require_account() == ACCOUNT
    for principal in (ANONYMOUS, SYSTEM):
        with pytest.raises(Unauthenticated) as info:
            principal.require_account()
        assert info.value.code == "unauthenticated"


def test_staff_is_the_staff_role_or_the_system() -> None:
    assert SYSTEM.is_staff
    assert STAFF.is_staff
    STAFF.require_staff()
    SYSTEM.require_staff()
    premium = Principal(PrincipalKind.USER, ACCOUNT, Role.PREMIUM)
    for principal in (ANONYMOUS, SESSION, premium, CHAT_TOKEN):
        assert not principal.is_staff
        with pytest.raises(Forbidden):
            principal.require_staff()


def test_a_staff_accounts_token_has_staff_powers_only_where_its_scopes_say() -> None:
    chat = Principal(PrincipalKind.TOKEN, ACCOUNT, Role.STAFF, frozenset({Scope.CHAT_WRITE}))
    reader = Principal(PrincipalKind.TOKEN, ACCOUNT, Role.STAFF, frozenset({Scope.ACCOUNTS_READ}))
    for token in (chat, reader):
        assert not token.is_staff
        with pytest.raises(Forbidden):
            token.require_staff()
    assert not chat.has_staff_scope(Scope.ACCOUNTS_READ)
    assert reader.has_staff_scope(Scope.ACCOUNTS_READ)
    for principal in (STAFF, SYSTEM, replace(STAFF, kind=PrincipalKind.STAFF)):
        assert principal.is_staff
        assert principal.has_staff_scope(Scope.ACCOUNTS_READ)
    user_reader = Principal(PrincipalKind.TOKEN, ACCOUNT, Role.USER, reader.scopes)
    for principal in (user_reader, SESSION, ANONYMOUS):
        assert not principal.has_staff_scope(Scope.ACCOUNTS_READ)
    assert user_reader.has_scope(Scope.ACCOUNTS_READ)
    assert SESSION.has_scope(Scope.ACCOUNTS_READ)
    assert not CHAT_TOKEN.has_scope(Scope.ACCOUNTS_READ)
    assert not ANONYMOUS.has_scope(Scope.ACCOUNTS_READ)


def test_constructors() -> None:
    assert Principal(PrincipalKind.ANONYMOUS) == ANONYMOUS
    assert SYSTEM.is_system
    assert not ANONYMOUS.is_system
    assert SYSTEM.account_id is None


def test_api_token_usable_until_expiry_and_revocation() -> None:
    token = ApiToken(
        id=uuid.UUID(int=2),
        account_id=ACCOUNT,
        name="ci",
        prefix="abcdef",
        token_hash="0" * 64,
        scopes=frozenset({Scope.CHAT_WRITE}),
        created_at=T0,
        expires_at=T0 + timedelta(hours=1),
        revoked_at=None,
    )
    assert token.usable_at(T0)
    assert token.usable_at(T0 + timedelta(minutes=59))
    assert not token.usable_at(T0 + timedelta(hours=1))
    revoked = replace(token, revoked_at=T0)
    assert not revoked.usable_at(T0)

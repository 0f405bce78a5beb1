"""Bindings of chat bans and timeouts."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.postgres.bans import PostgresBans
from streamz.core.chat.bans.ban_user import BanUser
from streamz.core.chat.bans.expire_timeouts import ExpireTimeouts
from streamz.core.chat.bans.get_ban import GetBan
from streamz.core.chat.bans.list_bans import ListBans
from streamz.core.chat.bans.unban_user import UnbanUser
from streamz.core.chat.bans.writes import BanWrites
from streamz.ports.bans import BanRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    bans = provide(PostgresBans, provides=BanRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    bans = provide(MemoryBans, provides=BanRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    writes = provide(BanWrites)
    use_cases = provide_all(BanUser, UnbanUser, ListBans, GetBan, ExpireTimeouts)

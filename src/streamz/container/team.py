"""Bindings of the channel team (moderators, VIPs, OGs, moderation log). Its repositories (roles
and the audit log) are shared by every channel writer: container/postgres.py and memory.py."""

from __future__ import annotations

from dishka import Provider, Scope, provide_all

from streamz.core.channels.team.grant_role import GrantRole
from streamz.core.channels.team.list_roles import ListRoles
from streamz.core.channels.team.moderation_log import ReadModerationLog
from streamz.core.channels.team.revoke_role import RevokeRole
from streamz.core.channels.team.set_permissions import SetModeratorPermissions


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports: none of its own (see container/postgres.py)."""

    scope = Scope.REQUEST


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports: none of its own (see container/memory.py)."""

    scope = Scope.REQUEST


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    team = provide_all(GrantRole, RevokeRole, SetModeratorPermissions, ListRoles, ReadModerationLog)

"""The Internal tier as a library: use cases through ``Streamz.call`` with the system principal."""

from __future__ import annotations

from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.subscriptions.grant_subscription import (
    GrantSubscription,
    GrantSubscriptionRequest,
)
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.channels.team.list_roles import ListRoles, ListRolesRequest
from streamz.core.channels.team.moderation_log import ReadModerationLog, ReadModerationLogRequest
from streamz.core.channels.team.revoke_role import RevokeRole, RevokeRoleRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.library import Streamz
from streamz.ports.subscriptions import SubscriptionReader

SYSTEM = Principal.system()


async def test_team_and_subscriptions_through_the_library() -> None:
    async with Streamz.in_memory() as streamz:
        for name in ("alice", "bob"):
            request = RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@example.com")
            await streamz.call(RegisterAccount, request)
        mod = ChannelRole.MODERATOR
        await streamz.call(GrantRole, GrantRoleRequest(SYSTEM, "alice", mod, "bob", ["ban"]))
        listed = await streamz.call(ListRoles, ListRolesRequest(SYSTEM, "alice", mod))
        assert [m.account.username for m in listed.data] == ["bob"]
        await streamz.call(RevokeRole, RevokeRoleRequest(SYSTEM, "alice", mod, "bob"))
        log = await streamz.call(ReadModerationLog, ReadModerationLogRequest(SYSTEM, "alice"))
        assert [e.action for e in log.data] == ["role.revoked", "role.granted"]

        sub = await streamz.call(
            GrantSubscription, GrantSubscriptionRequest(SYSTEM, "alice", "bob", months=2)
        )
        async with streamz.container() as scope:
            reader = await scope.get(SubscriptionReader)
            assert await reader.active(sub.channel_id, sub.account_id) == sub
            assert await reader.months(sub.channel_id, sub.account_id) == 2

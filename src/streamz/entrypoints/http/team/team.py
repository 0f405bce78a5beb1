"""Moderators, VIPs and OGs of a channel: one controller per role and tier.

The Public API fetches and grants; Private and Admin also remove, and change moderators'
permissions. The role comes from the path segment, so each role has its own routes.
"""

from __future__ import annotations

from typing import Annotated, cast

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.types import ControllerRouterHandler

from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.channels.team.list_roles import ListRoles, ListRolesRequest
from streamz.core.channels.team.members import MAX_REASON
from streamz.core.channels.team.revoke_role import RevokeRole, RevokeRoleRequest
from streamz.core.channels.team.set_permissions import (
    SetModeratorPermissions,
    SetModeratorPermissionsRequest,
)
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.identity.me import After, Limit
from streamz.entrypoints.http.openapi import BODY_EXAMPLE, OPERATION
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses
from streamz.entrypoints.http.team.views import (
    GrantModeratorIn,
    GrantRoleIn,
    MemberOut,
    MemberPage,
    SetPermissionsIn,
)

Account = Annotated[
    str, PathParameter(description="account id or username", min_length=1, max_length=64)
]
Reason = Annotated[
    str | None, QueryParameter(max_length=MAX_REASON, description="why (moderation log)")
]

GRANT_EXAMPLE = {"account": "bob", "reason": "helps in chat every stream"}
GRANT_MODERATOR_EXAMPLE = {
    "account": "bob",
    "permissions": ["ban", "timeout", "delete_messages", "manage_settings"],
    "reason": "our weekend moderator",
}
_SEGMENTS = {ChannelRole.VIP: "vips", ChannelRole.OG: "ogs", ChannelRole.MODERATOR: "moderators"}
_NAMES = {ChannelRole.VIP: "VIP", ChannelRole.OG: "OG", ChannelRole.MODERATOR: "moderator"}


def _controllers(role: ChannelRole) -> tuple[ControllerRouterHandler, ControllerRouterHandler]:
    """The Public controller (fetch, create) and the full one (plus delete and, for
    moderators, permissions) for ``role``."""
    name = _NAMES[role]
    segment = _SEGMENTS[role]
    who = (
        "The channel's owner or staff (audited)"
        if role is ChannelRole.MODERATOR
        else "The channel's owner, a moderator with `manage_roles`, staff (audited), or an API "
        "token with `moderation:write`"
    )

    @get(
        "/",
        summary=f"Fetch {name}s for channel",
        description=f"Lists the channel's {name}s, with a cursor. Anyone may read. 404 if the "
        "channel does not exist.",
        responses=problem_responses(*READ_ERRORS),
        opt={OPERATION: f"list_{segment}"},
    )
    @inject
    async def list_members(
        self: Controller,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListRoles],
        limit: Limit = 20,
        after: After = None,
    ) -> MemberPage:
        page = await use_case(ListRolesRequest(principal, identifier, role, limit, after))
        return MemberPage([MemberOut.of(m) for m in page.data], page.next)

    @idempotent
    @post(
        "/",
        summary=f"Create new {name}",
        description=f"Makes an account a {name} of the channel; the reason goes to the "
        f"moderation log. {who}. 404 for an unknown account, 409 if it already is one.",
        responses=problem_responses(*WRITE_ERRORS),
        opt={OPERATION: f"add_{segment[:-1]}", BODY_EXAMPLE: GRANT_EXAMPLE},
    )
    @inject
    async def create(
        self: Controller,
        identifier: Identifier,
        data: JSONBody[GrantRoleIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[GrantRole],
    ) -> MemberOut:
        request = GrantRoleRequest(principal, identifier, role, data.account, None, data.reason)
        return MemberOut.of(await use_case(request))

    @idempotent
    @post(
        "/",
        summary="Create new moderator",
        description="Makes an account a moderator of the channel, with the permissions given "
        "(default: `ban`, `timeout`, `delete_messages`); the reason goes to the moderation log. "
        f"{who}. 404 for an unknown account, 409 if it already is one.",
        responses=problem_responses(*WRITE_ERRORS),
        opt={OPERATION: "add_moderator", BODY_EXAMPLE: GRANT_MODERATOR_EXAMPLE},
    )
    @inject
    async def create_moderator(
        self: Controller,
        identifier: Identifier,
        data: JSONBody[GrantModeratorIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[GrantRole],
    ) -> MemberOut:
        permissions = None if data.permissions is None else [p.value for p in data.permissions]
        request = GrantRoleRequest(
            principal, identifier, role, data.account, permissions, data.reason
        )
        return MemberOut.of(await use_case(request))

    @delete(
        "/{account:str}",
        summary=f"Delete {name}",
        description=f"Removes an account's {name} role; the reason goes to the moderation log. "
        f"{who}. 404 if the account is not a {name} of the channel.",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
        opt={OPERATION: f"remove_{segment[:-1]}"},
    )
    @inject
    async def remove(
        self: Controller,
        identifier: Identifier,
        account: Account,
        principal: NamedDependency[Principal],
        use_case: FromDishka[RevokeRole],
        reason: Reason = None,
    ) -> MemberOut:
        request = RevokeRoleRequest(principal, identifier, role, account, reason)
        return MemberOut.of(await use_case(request))

    @patch(
        "/{account:str}",
        summary="Change a moderator's permissions (owner and staff)",
        description="Replaces a moderator's permissions; the change goes to the moderation log. "
        "The channel's owner or staff (audited). 404 if the account is not a moderator.",
        responses=problem_responses(*WRITE_ERRORS),
        opt={OPERATION: "set_moderator_permissions"},
    )
    @inject
    async def set_permissions(
        self: Controller,
        identifier: Identifier,
        account: Account,
        data: JSONBody[SetPermissionsIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[SetModeratorPermissions],
    ) -> MemberOut:
        permissions = [p.value for p in data.permissions]
        request = SetModeratorPermissionsRequest(
            principal, identifier, account, permissions, data.reason
        )
        return MemberOut.of(await use_case(request))

    is_moderator = role is ChannelRole.MODERATOR
    reads = {
        "path": f"/channels/{{identifier:str}}/{segment}",
        "tags": ["channel roles"],
        "list_members": list_members,
        "create": create_moderator if is_moderator else create,
    }
    writes = {**reads, "remove": remove}
    if is_moderator:
        writes["set_permissions"] = set_permissions
    title = name.capitalize()
    public = type(f"Public{title}sController", (Controller,), reads)
    full = type(f"{title}sController", (Controller,), writes)
    return cast(ControllerRouterHandler, public), cast(ControllerRouterHandler, full)


_BY_ROLE = {role: _controllers(role) for role in ChannelRole}
PUBLIC_TEAM = [public for public, _ in _BY_ROLE.values()]
TEAM = [full for _, full in _BY_ROLE.values()]

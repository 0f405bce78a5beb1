"""`streamzctl channels roles|log ...`: the channel team, called as the system (data output,
one-line errors)."""

from __future__ import annotations

from typing import Annotated, TypeVar

import typer

from streamz.core.channels.roles import ChannelRole, Permission
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.channels.team.list_roles import ListRoles, ListRolesRequest
from streamz.core.channels.team.moderation_log import ReadModerationLog, ReadModerationLogRequest
from streamz.core.channels.team.revoke_role import RevokeRole, RevokeRoleRequest
from streamz.core.channels.team.set_permissions import (
    SetModeratorPermissions,
    SetModeratorPermissionsRequest,
)
from streamz.core.identity.entities import Principal
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
)
from streamz.entrypoints.http.team.views import (
    AuditEntryOut,
    AuditPage,
    MemberOut,
    MemberPage,
)

T = TypeVar("T")
SYSTEM = Principal.system()

Channel = Annotated[str, typer.Argument(help="channel slug or id")]
AccountArg = Annotated[str, typer.Argument(help="username or account id")]
RoleArg = Annotated[ChannelRole, typer.Argument(help="moderator, vip or og")]
Reason = Annotated[str | None, typer.Option(help="why (kept in the moderation log)")]
PermissionsOpt = Annotated[
    list[Permission] | None,
    typer.Option(
        "--permission",
        help="a moderator's permission (repeat); default: ban, timeout, delete_messages",
    ),
]
LimitOpt = Annotated[int, typer.Option(min=1, max=100, help="page size")]
AfterOpt = Annotated[str | None, typer.Option(help="cursor from `next`")]

roles = typer.Typer(help="Moderators, VIPs and OGs of a channel.", no_args_is_help=True)


@roles.command("list")
@cli_errors
def list_roles(
    channel: Channel, role: RoleArg, limit: LimitOpt = 20, after: AfterOpt = None
) -> None:
    """List a channel's members of ROLE, newest first."""
    page = call(ListRoles, ListRolesRequest(SYSTEM, channel, role, limit, after))
    echo_json(MemberPage([MemberOut.of(m) for m in page.data], page.next))


@roles.command("add")
@cli_errors
def add(
    channel: Channel,
    role: RoleArg,
    account: AccountArg,
    permission: PermissionsOpt = None,
    reason: Reason = None,
) -> None:
    """Give ACCOUNT the ROLE in CHANNEL."""
    names = [p.value for p in permission] if permission else None
    request = GrantRoleRequest(SYSTEM, channel, role, account, names, reason)
    echo_json(MemberOut.of(call(GrantRole, request)))


@roles.command("remove")
@cli_errors
def remove(channel: Channel, role: RoleArg, account: AccountArg, reason: Reason = None) -> None:
    """Take the ROLE in CHANNEL away from ACCOUNT."""
    request = RevokeRoleRequest(SYSTEM, channel, role, account, reason)
    echo_json(MemberOut.of(call(RevokeRole, request)))


@roles.command("permissions")
@cli_errors
def permissions(
    channel: Channel, account: AccountArg, permission: PermissionsOpt = None, reason: Reason = None
) -> None:
    """Replace a moderator's permissions (none given: no permissions)."""
    names = [p.value for p in permission or []]
    request = SetModeratorPermissionsRequest(SYSTEM, channel, account, names, reason)
    echo_json(MemberOut.of(call(SetModeratorPermissions, request)))


def log(channel: Channel, limit: LimitOpt = 20, after: AfterOpt = None) -> None:
    """Print a channel's moderation log, newest first."""
    page = call(ReadModerationLog, ReadModerationLogRequest(SYSTEM, channel, limit, after))
    echo_json(AuditPage([AuditEntryOut.of(e) for e in page.data], page.next))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(roles, name="roles")
    channels.command("log")(cli_errors(log))

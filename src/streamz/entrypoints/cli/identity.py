"""`streamzctl accounts ...` and `streamzctl token issue`."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import typer

from streamz.core.identity.entities import Principal, Role
from streamz.core.identity.get_account import AccountProfile, GetAccount, GetAccountRequest
from streamz.core.identity.register_account import (
    RegisterAccount,
    RegisterAccountRequest,
    Registration,
)
from streamz.core.identity.set_role import SetRole, SetRoleRequest
from streamz.entrypoints.cli.runtime import (
    cli_errors,
    echo_json,
    fail,
    json_requested,
    resolve_settings,
    run_with_container,
)
from streamz.entrypoints.http.identity.views import AccountOut

if TYPE_CHECKING:
    from dishka import AsyncContainer

accounts = typer.Typer(help="Accounts: show, create, set a role.", no_args_is_help=True)
token = typer.Typer(
    help="Session tokens for trying the Private and Admin APIs.", no_args_is_help=True
)


async def _profile(container: AsyncContainer, identifier: str) -> AccountProfile:
    async with container() as request:
        use_case = await request.get(GetAccount)
        return await use_case(GetAccountRequest(Principal.system(), identifier))


@accounts.command("show")
@cli_errors
def show(identifier: Annotated[str, typer.Argument(help="username or account id")]) -> None:
    """Print an account by username or id."""
    profile = run_with_container(resolve_settings(), lambda c: _profile(c, identifier))
    echo_json(AccountOut.of(profile))


@accounts.command("create")
@cli_errors
def create(
    username: Annotated[str, typer.Argument(help="3-25 characters of a-z, 0-9, _")],
    email: Annotated[str, typer.Argument(help="email address")],
    identity_id: Annotated[
        str | None, typer.Option(help="identity provider id (default: a new local one)")
    ] = None,
    role: Annotated[Role, typer.Option(help="role to give the account")] = Role.USER,
) -> None:
    """Create an account with its channel and chatroom (as the Ory registration webhook does)."""

    async def work(container: AsyncContainer) -> AccountProfile:
        async with container() as request:
            register = await request.get(RegisterAccount)
            result: Registration = await register(
                RegisterAccountRequest(
                    Principal.system(), identity_id or f"local-{uuid.uuid4()}", username, email
                )
            )
        if not result.created:
            raise fail(f"identity {identity_id} is already registered as {result.account.username}")
        if role is not Role.USER:
            async with container() as request:
                set_role = await request.get(SetRole)
                await set_role(SetRoleRequest(Principal.system(), str(result.account.id), role))
        return await _profile(container, str(result.account.id))

    echo_json(AccountOut.of(run_with_container(resolve_settings(), work)))


@accounts.command("set-role")
@cli_errors
def set_role(
    identifier: Annotated[str, typer.Argument(help="username or account id")],
    role: Annotated[Role, typer.Argument(help="user, premium or staff")],
) -> None:
    """Give an account a role."""

    async def work(container: AsyncContainer) -> AccountProfile:
        async with container() as request:
            use_case = await request.get(SetRole)
            await use_case(SetRoleRequest(Principal.system(), identifier, role))
        return await _profile(container, identifier)

    echo_json(AccountOut.of(run_with_container(resolve_settings(), work)))


@token.command("issue")
@cli_errors
def issue(
    username: Annotated[str, typer.Argument(help="username or account id")],
    ttl: Annotated[int, typer.Option(min=60, max=30 * 86400, help="lifetime in seconds")] = 3600,
) -> None:
    """Print a session token (JWT) for an account, signed by the local issuer."""
    settings = resolve_settings()
    if not settings.auth.local_issuer:
        raise fail("token issue needs the local issuer (STREAMZ_JWKS_URL is set: use Ory)")

    async def work(container: AsyncContainer) -> str:
        from streamz.adapters.jwks.local_issuer import LocalIssuer

        profile = await _profile(container, username)
        issuer = await container.get(LocalIssuer)
        return issuer.issue(profile.account.identity_id, ttl_seconds=ttl)

    session_token = run_with_container(settings, work)
    if json_requested():  # the token alone otherwise, for TOKEN=$(streamzctl token issue ...)
        echo_json({"token": session_token, "expires_in": ttl})
    else:
        typer.echo(session_token)


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: `accounts` and `token` at the top level."""
    root.add_typer(accounts, name="accounts")
    root.add_typer(token, name="token")

"""Staff operations on accounts (Admin API)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from streamz.core.identity.entities import Principal
from streamz.core.identity.get_account import GetAccount, GetAccountRequest
from streamz.core.identity.set_role import SetRole, SetRoleRequest
from streamz.entrypoints.http.identity.accounts import Identifier
from streamz.entrypoints.http.identity.views import AccountOut, SetRoleIn
from streamz.entrypoints.http.problems import WRITE_ERRORS, problem_responses


class AdminAccountsController(Controller):
    path = "/accounts"
    tags = ["accounts"]

    @put(
        "/{identifier:str}/role",
        summary="Set an account's role",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def set_account_role(
        self,
        identifier: Identifier,
        data: JSONBody[SetRoleIn],
        principal: NamedDependency[Principal],
        set_role: FromDishka[SetRole],
        get_account: FromDishka[GetAccount],
    ) -> AccountOut:
        """Sets an account's role (user, premium, staff). Staff only (audited). 404 if there is no
        such account.
        """
        account = await set_role(SetRoleRequest(principal, identifier, data.role))
        return AccountOut.of(await get_account(GetAccountRequest(principal, str(account.id))))

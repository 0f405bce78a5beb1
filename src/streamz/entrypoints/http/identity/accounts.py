"""Fetch an account by user identifier: the same handler on Public, Private and Admin."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import PathParameter

from streamz.core.identity.entities import Principal
from streamz.core.identity.get_account import GetAccount, GetAccountRequest
from streamz.entrypoints.http.identity.views import AccountOut
from streamz.entrypoints.http.problems import READ_ERRORS, problem_responses

Identifier = Annotated[
    str, PathParameter(description="account id or username", min_length=1, max_length=64)
]


class AccountsController(Controller):
    path = "/accounts"
    tags = ["accounts"]

    @get(
        "/{identifier:str}",
        summary="Fetch an account by user identifier",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_account(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetAccount],
    ) -> AccountOut:
        """Returns an account by username or id. The email is shown only to the account itself,
        staff sessions, and API tokens with `accounts:read`. 404 if there is no such account.
        """
        return AccountOut.of(await use_case(GetAccountRequest(principal, identifier)))

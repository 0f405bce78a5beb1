"""The signed-in account and its Public API tokens (Private API)."""

from __future__ import annotations

import uuid
from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from streamz.core.identity.create_api_token import CreateApiToken, CreateApiTokenRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.get_account import GetAccount, GetAccountRequest
from streamz.core.identity.list_api_tokens import ListApiTokens, ListApiTokensRequest
from streamz.core.identity.revoke_api_token import RevokeApiToken, RevokeApiTokenRequest
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.identity.views import (
    AccountOut,
    ApiTokenOut,
    ApiTokenPage,
    CreateApiTokenIn,
    CreatedApiTokenOut,
)
from streamz.entrypoints.http.limits import API_TOKENS, RATE_LIMIT
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="page size")]
After = Annotated[str | None, QueryParameter(max_length=512, description="cursor from `next`")]


class MeController(Controller):
    path = "/me"
    tags = ["me"]

    @get("/", summary="The signed-in account", responses=problem_responses(*READ_ERRORS))
    @inject
    async def get_me(
        self, principal: NamedDependency[Principal], use_case: FromDishka[GetAccount]
    ) -> AccountOut:
        """Returns the signed-in account, with its email and role. 401 without a valid session."""
        account_id = principal.require_account()
        return AccountOut.of(await use_case(GetAccountRequest(principal, str(account_id))))

    @idempotent
    @post(
        "/tokens",
        summary="Create a Public API token (the secret is shown once)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={  # at most STREAMZ_API_TOKEN_RATE_LIMIT an hour
            RATE_LIMIT: API_TOKENS,
            BODY_EXAMPLE: {
                "name": "chat bot",
                "scopes": ["chat:write", "moderation:write"],
                "expires_in_days": 90,
            },
        },
    )
    @inject
    async def create_api_token(
        self,
        data: JSONBody[CreateApiTokenIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreateApiToken],
    ) -> CreatedApiTokenOut:
        """Creates a Public API token with the scopes given (`channel:write`, `chat:write`,
        `moderation:write`, `stream:write`, `accounts:read`) and an optional lifetime. The
        secret (`stz_...`) is in this answer only; it is stored hashed. 429 past the hourly
        token limit.
        """
        created = await use_case(
            CreateApiTokenRequest(
                principal, data.name, [s.value for s in data.scopes], data.expires_in_days
            )
        )
        return CreatedApiTokenOut(ApiTokenOut.of(created.token), created.secret)

    @get(
        "/tokens",
        summary="List your API tokens, newest first",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_api_tokens(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListApiTokens],
        limit: Limit = 20,
        after: After = None,
    ) -> ApiTokenPage:
        """Lists the signed-in account's API tokens, newest first, without their secrets."""
        page = await use_case(ListApiTokensRequest(principal, limit, after))
        return ApiTokenPage([ApiTokenOut.of(t) for t in page.data], page.next)

    @delete(
        "/tokens/{token_id:uuid}",
        summary="Revoke an API token",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def revoke_api_token(
        self,
        token_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[RevokeApiToken],
    ) -> ApiTokenOut:
        """Revokes one of the signed-in account's API tokens; it is refused from then on. 404 if it
        is not one of yours.
        """
        return ApiTokenOut.of(await use_case(RevokeApiTokenRequest(principal, token_id)))

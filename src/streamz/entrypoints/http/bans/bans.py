"""Bans and timeouts of a channel's chatroom. Public: fetch and ban; Private and Admin: also
unban."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter, QueryParameter

from streamz.core.channels.team.members import MAX_REASON
from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.bans.get_ban import GetBan, GetBanRequest
from streamz.core.chat.bans.list_bans import ListBans, ListBansRequest
from streamz.core.chat.bans.unban_user import UnbanUser, UnbanUserRequest
from streamz.core.chat.bans.writes import MAX_USER
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.bans.views import BanIn, BanOut, BanPage
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.identity.me import After, Limit
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

User = Annotated[
    str, PathParameter(description="account id or username", min_length=1, max_length=MAX_USER)
]
Reason = Annotated[
    str | None, QueryParameter(max_length=MAX_REASON, description="why (moderation log)")
]


class PublicBansController(Controller):
    path = "/channels/{identifier:str}/chatroom/bans"
    tags = ["chat bans"]

    @get(
        "/",
        summary="Fetch who is banned or timed out now, newest first (owner, moderators, staff)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_bans(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListBans],
        limit: Limit = 20,
        after: After = None,
    ) -> BanPage:
        """Lists the bans and timeouts in force in the chatroom, newest first, with a cursor
        (expired timeouts are gone). The owner, moderators, staff, or an API token with
        `moderation:write`; 403 for anyone else.
        """
        return BanPage.of(await use_case(ListBansRequest(principal, identifier, limit, after)))

    @get(
        "/{user:str}",
        summary="Fetch the ban or timeout in force on one user (owner, moderators, staff)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_ban(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetBan],
    ) -> BanOut:
        """Returns the ban or timeout in force on one user. Same callers as listing bans. 404 if
        the user is not banned or timed out.
        """
        return BanOut.of(await use_case(GetBanRequest(principal, identifier, user)))

    @idempotent
    @post(
        "/",
        summary="Ban a user (no duration) or time them out (1 s to 14 days)",
        opt={BODY_EXAMPLE: {"user": "spammer42", "duration_seconds": 600, "reason": "spam"}},
        description=(
            "Replaces the ban or timeout in force. A ban needs the `ban` permission, a timeout"
            " `timeout`; the owner cannot be banned, nor a moderator by a moderator."
        ),
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def ban_user(
        self,
        identifier: Identifier,
        data: JSONBody[BanIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[BanUser],
    ) -> BanOut:
        """Bans a user from the chatroom, or times them out for `duration_seconds` (1 s to 14
        days), with an optional reason kept in the moderation log. The owner, a moderator with
        `ban` (or `timeout` for a timeout), staff, or an API token with `moderation:write`. 422 for
        yourself; 403 for the owner, or for another moderator unless you own the channel.
        """
        request = BanUserRequest(
            principal, identifier, data.user, data.duration_seconds, data.reason
        )
        return BanOut.of(await use_case(request))


class BansController(PublicBansController):
    """Every ban operation (Private and Admin)."""

    @delete(
        "/{user:str}",
        summary="Unban a user: lift the ban or timeout in force",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def unban_user(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[UnbanUser],
        reason: Reason = None,
    ) -> BanOut:
        """Lifts the ban or timeout in force on a user. Same callers as banning. 404 if the user is
        not banned or timed out.
        """
        request = UnbanUserRequest(principal, identifier, user, reason)
        return BanOut.of(await use_case(request))

"""The moderation log of a channel (Private and Admin APIs)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get
from litestar.di import NamedDependency

from streamz.core.channels.team.moderation_log import ReadModerationLog, ReadModerationLogRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.identity.me import After, Limit
from streamz.entrypoints.http.problems import READ_ERRORS, problem_responses
from streamz.entrypoints.http.team.views import AuditEntryOut, AuditPage


class ModerationLogController(Controller):
    path = "/channels/{identifier:str}/moderation-log"
    tags = ["moderation log"]

    @get(
        "/",
        summary="Read the channel's moderation log, newest first (owner, moderators, staff)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_moderation_log(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ReadModerationLog],
        limit: Limit = 20,
        after: After = None,
    ) -> AuditPage:
        """Reads the channel's moderation log, newest first, with a cursor: every role change, ban,
        deletion and staff action, with who, when and why. The owner, moderators and staff; 403
        for anyone else.
        """
        page = await use_case(ReadModerationLogRequest(principal, identifier, limit, after))
        return AuditPage([AuditEntryOut.of(e) for e in page.data], page.next)

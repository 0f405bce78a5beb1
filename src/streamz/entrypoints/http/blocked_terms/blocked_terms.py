"""Blocked terms of a channel's chatroom. Public: list and create; Private and Admin: also
delete."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from streamz.core.chat.blocked_terms.create_term import CreateTerm, CreateTermRequest
from streamz.core.chat.blocked_terms.delete_term import DeleteTerm, DeleteTermRequest
from streamz.core.chat.blocked_terms.list_terms import ListTerms, ListTermsRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.blocked_terms.views import (
    BlockedTermList,
    BlockedTermOut,
    CreateTermIn,
)
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses


class PublicBlockedTermsController(Controller):
    path = "/channels/{identifier:str}/chatroom/blocked-terms"
    tags = ["blocked terms"]

    @get(
        "/",
        summary="Fetch a chatroom's blocked terms (oldest first) and their version",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_blocked_terms(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListTerms],
    ) -> BlockedTermList:
        """Lists the chatroom's blocked terms, oldest first, with the list's version. The owner,
        moderators, staff, or an API token with `moderation:write`.
        """
        return BlockedTermList.of(await use_case(ListTermsRequest(principal, identifier)))

    @idempotent
    @post(
        "/",
        summary="Block a term in a chatroom (at most 1,000 per chatroom)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={BODY_EXAMPLE: {"term": "spoiler*"}},
    )
    @inject
    async def create_blocked_term(
        self,
        identifier: Identifier,
        data: JSONBody[CreateTermIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreateTerm],
    ) -> BlockedTermOut:
        """Blocks a term in the chatroom's messages (`*` allowed at the start or end only; matched
        across look-alike letters, spacing and stretching). The owner, a moderator with
        `manage_terms_emotes`, staff, or an API token with `moderation:write`. 409 if the term
        is already blocked or past 1,000 terms.
        """
        return BlockedTermOut.of(
            await use_case(CreateTermRequest(principal, identifier, data.term))
        )


class BlockedTermsController(PublicBlockedTermsController):
    """Every blocked-term operation (Private and Admin)."""

    @delete(
        "/{term_id:uuid}",
        summary="Unblock a term",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_blocked_term(
        self,
        identifier: Identifier,
        term_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteTerm],
    ) -> None:
        """Unblocks a term. Same callers as blocking one. 404 if the term is not the chatroom's."""
        await use_case(DeleteTermRequest(principal, identifier, term_id))

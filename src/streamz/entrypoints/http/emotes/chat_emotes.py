"""Emotes of a channel's chatroom. Public: fetch and create; Private and Admin: also delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.emotes.delete_emote import DeleteEmote, DeleteEmoteRequest
from streamz.core.chat.emotes.list_emotes import ListEmotes, ListEmotesRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.emotes.views import EmoteForm, EmoteList, EmoteOut
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

Form = Annotated[EmoteForm, Body(media_type=RequestEncodingType.MULTI_PART)]


class PublicEmotesController(Controller):
    path = "/channels/{identifier:str}/chatroom/emotes"
    tags = ["emotes"]

    @get(
        "/",
        summary="Fetch a chatroom's emotes with their image URLs (by code)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_emotes(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListEmotes],
    ) -> EmoteList:
        """Lists the chatroom's emotes by code, with their image URLs and whether they are
        subscriber-only. Anyone may read. 404 if the channel does not exist.
        """
        return EmoteList.of(await use_case(ListEmotesRequest(principal, identifier)))

    @idempotent
    @post(
        "/",
        summary="Create an emote (PNG, GIF or WebP; square, 28-512 px; 512 KiB)",
        description="Codes are 2-25 ASCII letters or digits, unique per chatroom ignoring "
        "case; at most 200 emotes per chatroom. Needs the owner, a moderator with "
        "manage_terms_emotes, or staff (Admin API); API tokens need channel:write.",
        responses=problem_responses(*WRITE_ERRORS, 503),
    )
    @inject
    async def create_emote(
        self,
        identifier: Identifier,
        data: Form,
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreateEmote],
    ) -> EmoteOut:
        """Uploads an emote (multipart: the image, `code`, optional `subscriber_only`); the image
        is decoded and re-encoded. The owner, a moderator with `manage_terms_emotes`, staff, or
        an API token with `channel:write`. 409 if the code is taken (ignoring case) or past 200
        emotes; 422 for an image that is not a square PNG, GIF or WebP of 28-512 px within
        512 KiB; 503 if the object store is down.
        """
        image = await data.image.read()
        request = CreateEmoteRequest(
            principal,
            identifier,
            data.code,
            image,
            data.image.content_type,
            subscriber_only=data.subscriber_only,
        )
        return EmoteOut.of(await use_case(request))


class EmotesController(PublicEmotesController):
    """Every emote operation (Private and Admin)."""

    @delete(
        "/{emote_id:uuid}",
        summary="Delete an emote (by id) and its image",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_emote(
        self,
        identifier: Identifier,
        emote_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteEmote],
    ) -> EmoteOut:
        """Deletes an emote and its image. Same callers as creating one. 404 if the emote is not
        the chatroom's.
        """
        return EmoteOut.of(await use_case(DeleteEmoteRequest(principal, identifier, emote_id)))

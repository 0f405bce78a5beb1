"""``GET /media/{key}``: the local object store's files (the embedded default)."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Response, get
from litestar.openapi import ResponseSpec
from litestar.params import PathParameter

from streamz.core.media.get_media import GetMedia, GetMediaRequest
from streamz.entrypoints.http.problems import problem_responses

IMMUTABLE = "public, max-age=31536000, immutable"
Key = Annotated[str, PathParameter(description="the object's key, e.g. badges/<channel>/<file>")]


@get(
    "/media/{key:path}",
    summary="A stored image (PNG, GIF or WebP)",
    tags=["media"],
    media_type="image/png",
    responses={
        **problem_responses(404),
        200: ResponseSpec(
            data_container=bytes,
            media_type="image/*",
            description="The object's bytes with its content type; cached for a year",
        ),
    },
)
@inject
async def media_file(key: Key, use_case: FromDishka[GetMedia]) -> Response[bytes]:
    found = await use_case(GetMediaRequest(key.lstrip("/")))
    return Response(
        found.data,
        media_type=found.content_type,
        headers={"Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"},
    )

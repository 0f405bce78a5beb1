"""``GET /media/{key}``: the local object store's files (the embedded default)."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Response, get
from litestar.openapi import ResponseSpec
from litestar.params import PathParameter

from streamz.core.media.entities import CONTENT_TYPES
from streamz.core.media.get_media import GetMedia, GetMediaRequest
from streamz.entrypoints.http.problems import problem_responses

OCTET_STREAM = "application/octet-stream"
IMMUTABLE = "public, max-age=31536000, immutable"
# Stored media are images re-encoded by Streamz, yet a browser opening one directly must run
# nothing and load nothing: no scripts, styles, frames or plugins, a sandboxed unique origin.
MEDIA_CSP = "default-src 'none'; sandbox"
MEDIA_HEADERS = {
    "Cache-Control": IMMUTABLE,
    "Content-Security-Policy": MEDIA_CSP,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",  # apps on other origins show them
}
IMAGE_TYPES = frozenset(CONTENT_TYPES.values())
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
            description=(
                "The object's bytes with its content type (image/png, image/gif or image/webp, "
                "else application/octet-stream); cached for a year; served with "
                f"`Content-Security-Policy: {MEDIA_CSP}` and `X-Content-Type-Options: nosniff`"
            ),
        ),
    },
)
@inject
async def media_file(key: Key, use_case: FromDishka[GetMedia]) -> Response[bytes]:
    found = await use_case(GetMediaRequest(key.lstrip("/")))
    media_type = found.content_type if found.content_type in IMAGE_TYPES else OCTET_STREAM
    return Response(found.data, media_type=media_type, headers=MEDIA_HEADERS)

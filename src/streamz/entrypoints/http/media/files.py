"""``GET /media/{key}``: the local object store's files (the embedded default)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Response, get
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Schema,
)
from litestar.params import PathParameter

from streamz.core.media.entities import CONTENT_TYPES
from streamz.core.media.get_media import GetMedia, GetMediaRequest
from streamz.entrypoints.http.openapi import StreamzOperation
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


@dataclass
class MediaFileOperation(StreamzOperation):
    """The 200 answer lists each content type it may have (Litestar's spec takes one)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse):
            binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
            types = [*sorted(IMAGE_TYPES), OCTET_STREAM]
            ok.content = {t: OpenAPIMediaType(schema=binary) for t in types}


@get(
    "/media/{key:path}",
    summary="A stored image (PNG, GIF or WebP)",
    tags=["media"],
    media_type="image/png",
    operation_class=MediaFileOperation,
    responses={
        **problem_responses(404, 503),
        200: ResponseSpec(
            data_container=bytes,
            media_type=OCTET_STREAM,
            generate_examples=False,
            description=(
                "The object's bytes with its content type (image/png, image/gif or image/webp, "
                "else application/octet-stream); cached for a year; served with "
                f"`Content-Security-Policy: {MEDIA_CSP}` and `X-Content-Type-Options: nosniff`"
            ),
        ),
    },
)
@inject
async def get_media_file(key: Key, use_case: FromDishka[GetMedia]) -> Response[bytes]:
    """Serves a stored image (badges, emotes) by key, when the local object store is used; the URLs
    in `image_url` fields point here. Anyone may read. 404 if there is no such object.
    """
    found = await use_case(GetMediaRequest(key.lstrip("/")))
    media_type = found.content_type if found.content_type in IMAGE_TYPES else OCTET_STREAM
    return Response(found.data, media_type=media_type, headers=MEDIA_HEADERS)

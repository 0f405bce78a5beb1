"""The one place where errors become RFC 9457 ``application/problem+json`` responses.

``type`` is ``https://streamz.dev/problems/<code>``; the code is stable and documented per
class in ``streamz.core.errors`` and each context's ``errors`` module. Websocket error frames
reuse the same codes. Every 503 carries ``Retry-After`` (header and ``retry_after``) and is
logged as one warning line; infrastructure errors that escaped their adapter are 503s too
(``streamz.entrypoints.outages``), never 500s.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ExceptionHandlersMap

from streamz.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    StreamzError,
    Unauthenticated,
    Unavailable,
)
from streamz.entrypoints.outages import RETRY_AFTER_SECONDS, as_unavailable, count_outage

TYPE_BASE = "https://streamz.dev/problems/"
MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger("streamz.http")

_STATUS: list[tuple[type[StreamzError], int]] = [
    (NotFound, HTTP_404_NOT_FOUND),
    (Conflict, HTTP_409_CONFLICT),
    (Forbidden, HTTP_403_FORBIDDEN),
    (Unauthenticated, HTTP_401_UNAUTHORIZED),
    (Invalid, HTTP_422_UNPROCESSABLE_ENTITY),
    (RateLimited, HTTP_429_TOO_MANY_REQUESTS),
    (Unavailable, HTTP_503_SERVICE_UNAVAILABLE),
]


def status_of(error: StreamzError) -> int:
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 400)


def problem(
    request: Request[Any, Any, Any],
    status: int,
    code: str,
    title: str,
    detail: str,
    **extensions: Any,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    request_id = request.scope.get("state", {}).get("request_id")
    if request_id:
        body["request_id"] = request_id
    body.update(extensions)
    if status == HTTP_503_SERVICE_UNAVAILABLE:
        body.setdefault("retry_after", RETRY_AFTER_SECONDS)
    headers = {}
    if status == HTTP_401_UNAUTHORIZED:
        headers["WWW-Authenticate"] = 'Bearer realm="streamz"'
    if "retry_after" in body:
        headers["Retry-After"] = str(body["retry_after"])
    return Response(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def on_streamz_error(request: Request[Any, Any, Any], error: StreamzError) -> Response[Any]:
    if isinstance(error, Unavailable):
        log.warning("dependency unavailable", path=request.url.path, detail=error.detail)
        count_outage(error)
    extensions: dict[str, Any] = dict(error.extra)
    if isinstance(error, Invalid) and error.errors:
        extensions["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    return problem(request, status_of(error), error.code, error.title, error.detail, **extensions)


_FIELD_IN_MESSAGE = re.compile(r"(?:unknown|required) field `([^`]+)`|at `\$\.?([^`]*)`")


def _field_path(item: dict[str, Any]) -> str:
    raw_source = item.get("source") or "body"
    source = str(getattr(raw_source, "value", raw_source))
    key = str(item.get("key") or "")
    message = str(item.get("message") or "")
    match = _FIELD_IN_MESSAGE.search(message)
    inner = (match.group(1) or match.group(2)) if match else ""
    if source == "body":
        parts = ["body"]
        if key and key != "data":
            parts.append(key)
        elif inner:
            parts.append(inner)
        return ".".join(parts)
    return f"{source}.{key}" if key else source


def on_http_exception(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    if isinstance(error, ValidationException):
        items = error.extra if isinstance(error.extra, list) else []
        errors = [
            {"field": _field_path(i), "message": str(i.get("message", ""))}
            for i in items
            if isinstance(i, dict)
        ]
        return problem(
            request,
            HTTP_422_UNPROCESSABLE_ENTITY,
            "validation",
            "Invalid input",
            "the request does not match the expected shape",
            errors=errors,
        )
    if isinstance(error, NotFoundException):
        return problem(request, 404, "not-found", "Not found", "no such resource")
    if isinstance(error, MethodNotAllowedException):
        response = problem(
            request,
            HTTP_405_METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            f"{request.method} is not allowed here",
        )
        if error.headers and "allow" in {k.lower() for k in error.headers}:
            response.headers.update(error.headers)
        return response
    if isinstance(error, NotAuthorizedException):
        return problem(request, 401, "unauthenticated", "Authentication required", error.detail)
    if isinstance(error, PermissionDeniedException):
        return problem(request, HTTP_403_FORBIDDEN, "forbidden", "Forbidden", error.detail)
    if error.status_code == HTTP_413_REQUEST_ENTITY_TOO_LARGE:
        return problem(
            request,
            413,
            "body-too-large",
            "Request body too large",
            "the request body exceeds the size limit",
        )
    if type(error) is ClientException and error.status_code == HTTP_400_BAD_REQUEST:
        # what Litestar raises when a body cannot be decoded at all: one line, no traceback
        log.warning("malformed body", path=request.url.path, reason=str(error.detail)[:200])
        return problem(
            request,
            HTTP_400_BAD_REQUEST,
            "malformed-body",
            "Malformed body",
            f"the request body could not be decoded: {error.detail}",
        )
    if error.status_code == HTTP_429_TOO_MANY_REQUESTS:
        return problem(request, 429, "rate-limited", "Too many requests", str(error.detail))
    if error.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        return on_unexpected(request, error)
    return problem(request, error.status_code, "bad-request", "Bad request", str(error.detail))


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    unavailable = as_unavailable(error)
    if unavailable is not None:  # escaped its adapter: still an outage, not a bug
        return on_streamz_error(request, unavailable)
    log.error("unhandled error", exc_info=error, path=request.url.path)
    return problem(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "something went wrong on our side; the request id identifies it in our logs",
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    StreamzError: on_streamz_error,
    HTTPException: on_http_exception,
    Exception: on_unexpected,
}


class FieldProblem(msgspec.Struct, frozen=True):
    """One invalid field of a 422 ``validation`` or ``invalid`` problem."""

    field: Annotated[str, msgspec.Meta(description="where: `body.<path>`, `query.<name>`…")]
    message: str


class ProblemDetails(msgspec.Struct, frozen=True, omit_defaults=True):
    """RFC 9457 problem details, as every error of the API is sent
    (``application/problem+json``). ``type`` is stable: switch on it, not on ``title``."""

    type: Annotated[str, msgspec.Meta(description="https://streamz.dev/problems/<code>")]
    title: str
    status: int
    detail: str
    instance: Annotated[str, msgspec.Meta(description="the request's path")]
    request_id: str | None = None
    errors: list[FieldProblem] | None = None
    retry_after: Annotated[int, msgspec.Meta(description="seconds (429, 503)")] | None = None


_DOCUMENTED: dict[int, tuple[str, str, str, str]] = {
    # status: (description, code, title, detail) of the documented example
    400: (
        "Malformed body, or a malformed `Idempotency-Key`",
        "malformed-body",
        "Malformed body",
        "the request body could not be decoded: JSON is malformed",
    ),
    401: (
        "Missing or invalid credentials",
        "unauthenticated",
        "Authentication required",
        "the session token has expired",
    ),
    403: (
        "Not allowed for this principal (role, moderator permission or token scope)",
        "forbidden",
        "Forbidden",
        "only the channel's owner, its moderators and staff may do this",
    ),
    404: ("Not found", "not-found", "Not found", "no such channel"),
    409: (
        "Conflicts with existing data or a limit (or an `Idempotency-Key` in use)",
        "conflict",
        "Conflict",
        "this already exists",
    ),
    413: (
        "Body too large",
        "body-too-large",
        "Request body too large",
        "the request body exceeds the size limit",
    ),
    422: (
        "Invalid input (see `errors`)",
        "validation",
        "Invalid input",
        "the request does not match the expected shape",
    ),
    429: (
        "Too many requests (see `Retry-After`)",
        "rate-limited",
        "Too many requests",
        "1200 requests a minute",
    ),
    503: (
        "A dependency is unavailable (see `Retry-After`)",
        "unavailable",
        "Service unavailable",
        "the database is unavailable; retry shortly",
    ),
}
# every route may answer 503 (a dependency down: see streamz.entrypoints.outages)
READ_ERRORS = (401, 403, 404, 422, 429, 503)
WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 422, 429, 503)


def _example(status: int) -> Example:
    _, code, title, detail = _DOCUMENTED[status]
    value: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/public/v1/channels/alice",
        "request_id": "0f8e4c2a9b7d4e1f8a6b3c5d7e9f1a2b",
    }
    if status == HTTP_422_UNPROCESSABLE_ENTITY:
        value["errors"] = [{"field": "body.content", "message": "Expected `str` of length >= 1"}]
    if status in (HTTP_429_TOO_MANY_REQUESTS, HTTP_503_SERVICE_UNAVAILABLE):
        value["retry_after"] = RETRY_AFTER_SECONDS
    return Example(summary=title, value=value)


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problems a route can answer with."""
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            media_type=MEDIA_TYPE,
            description=_DOCUMENTED[status][0],
            generate_examples=False,
            examples=[_example(status)],
        )
        for status in statuses
    }

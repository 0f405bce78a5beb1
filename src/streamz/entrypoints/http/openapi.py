"""The OpenAPI document at ``/schema``: ids, tags, error bodies, a Swagger UI that works offline.

- Operation ids are ``<tier>_<operation>`` (``public_send_chat_message``,
  ``private_send_chat_message``): a controller mounted on several tiers gets one id per tier.
  ``<operation>`` is the handler's name, or its ``opt["operation"]`` when one function serves
  several routes (the team roles). Litestar refuses to build a document with a duplicate id.
- Every tag is declared with a description (``TAGS``).
- Errors are documented as RFC 9457 ``application/problem+json`` (``problems.problem_responses``);
  Litestar's own 400 body (``{status_code, detail, extra}``), which it lists for every route
  with parameters, is never sent by Streamz (validation errors are 422 problems), so
  ``StreamzOperation`` drops it where a route does not document a 400 problem itself.
- A field typed ``X | UNSET`` (a partial update) is documented as ``X``, not as a one-member
  ``oneOf`` (``StreamzOpenAPI``).
- Swagger UI loads its script, style and icon from the installed ``swagger-ui-bundle``
  package, served under ``/schema/assets/``: the page needs no CDN.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from inspect import cleandoc
from typing import TYPE_CHECKING, Any, ClassVar

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    Example,
    License,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    RequestBody,
    Schema,
    Tag,
)
from litestar.plugins import ReceiveRoutePlugin
from litestar.router import Router
from litestar.routes import BaseRoute, HTTPRoute
from litestar.static_files import create_static_files_router
from litestar.types import Method
from litestar.utils.helpers import unwrap_partial
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from streamz.entrypoints.http.idempotency import HEADER as IDEMPOTENCY_HEADER
from streamz.entrypoints.http.problems import MEDIA_TYPE

if TYPE_CHECKING:
    from litestar.types.internal_types import PathParameterDefinition

SCHEMA_PATH = "/schema"
ASSETS = f"{SCHEMA_PATH}/assets"
OPERATION = "operation"  # route ``opt`` key: the operation's name when not the handler's
BODY_EXAMPLE = "body_example"  # route ``opt`` key: an example request body (a JSON value)
TIERS = frozenset({"public", "private", "admin", "internal"})

DESCRIPTION = """\
Streamz's HTTP API, in four tiers that share most operations:

- **Public API** (`/public/v1`): anonymous reads, and writes with an API token (`stz_...`,
  created at `/private/v1/me/tokens`) whose scopes allow them.
- **Private API** (`/private/v1`): a signed-in user, with an Ory session as a JWT bearer token.
- **Admin API** (`/admin/v1`): a staff account's session; staff actions are audited.
- **Internal** (`/internal/webhooks`): Ory, Livepeer and IGDB webhooks.

Every error is an RFC 9457 `application/problem+json` body (`ProblemDetails`) whose `type`
is a stable URL, `https://streamz.dev/problems/<code>`; validation errors (422) list the
fields in `errors`; 429 and 503 carry `Retry-After`. Rate limits are announced with the
`RateLimit-Policy` and `RateLimit` headers. POSTs that create take an optional
`Idempotency-Key` header: a retry gets the first answer again, never a second write.

Real-time events (chat, stream state, notifications) are on the websocket at `/ws`,
outside this document.
"""

TAGS = [
    Tag(name="public", description="Public API: anonymous reads, writes with an API token."),
    Tag(name="private", description="Private API: the signed-in user (Ory session JWT)."),
    Tag(name="admin", description="Admin API: staff sessions; every staff action is audited."),
    Tag(name="internal", description="Webhooks that Ory, Livepeer and IGDB call."),
    Tag(name="health", description="Liveness and readiness probes, and the local JWKS."),
    Tag(name="accounts", description="Accounts by username or id."),
    Tag(name="me", description="The signed-in account and its API tokens."),
    Tag(name="channels", description="Channels by slug or id, and a channel's page."),
    Tag(name="panels", description="A channel's about panels."),
    Tag(name="social links", description="A channel's social links."),
    Tag(name="badges", description="A channel's subscriber badges (uploaded images)."),
    Tag(name="channel roles", description="A channel's moderators, VIPs and OGs."),
    Tag(name="channel subscriptions", description="Subscriptions to a channel (records)."),
    Tag(name="chatrooms", description="A channel's chatroom, its settings and rules."),
    Tag(name="chat messages", description="Sending, reading, deleting and pinning messages."),
    Tag(name="chat bans", description="Bans and timeouts in a chatroom."),
    Tag(name="blocked terms", description="Terms a chatroom refuses in messages."),
    Tag(name="emotes", description="A chatroom's emotes (uploaded images)."),
    Tag(name="chat identity", description="A user's colour and badges in a chatroom."),
    Tag(name="categories", description="Stream categories (games and topics)."),
    Tag(name="follows", description="Channels and categories the signed-in user follows."),
    Tag(name="livestreams", description="The live directory, recommendations, follows."),
    Tag(name="stream info", description="A channel's stream title, category, tags, language."),
    Tag(name="streams", description="A channel's stream key and ingest settings."),
    Tag(name="vods", description="Recordings of past streams."),
    Tag(name="search", description="Search over channels, categories and livestreams."),
    Tag(name="notifications", description="Inbox, push devices, unsubscribe links, admin."),
    Tag(name="notification preferences", description="What the user is notified of, how."),
    Tag(name="moderation log", description="Who changed a channel's roles and chat, when."),
    Tag(name="media", description="Stored images (badges, emotes) served by the app."),
    Tag(name="webhooks", description="Webhook receivers (see each for its authentication)."),
]


def operation_id(
    handler: HTTPRouteHandler,
    method: Method,
    path_components: list[str | PathParameterDefinition],
) -> str:
    """``<tier>_<operation>`` under a tier's prefix, else ``<operation>``; a handler that serves
    several paths gets the last literal segment of each as a suffix."""
    name = str(handler.opt.get(OPERATION) or handler.handler_name)
    if len(handler.paths) > 1:
        name += "_" + next(c for c in reversed(path_components) if isinstance(c, str))
    first = path_components[0] if path_components else None
    return f"{first}_{name}" if isinstance(first, str) and first in TIERS else name


_RETRY_AFTER = {
    "Retry-After": OpenAPIHeader(
        description="seconds to wait before trying again (also `retry_after` in the body)",
        schema=Schema(type=OpenAPIType.INTEGER, minimum=0),
    )
}
_ERROR_HEADERS = {
    "401": {
        "WWW-Authenticate": OpenAPIHeader(
            description='`Bearer realm="streamz"`', schema=Schema(type=OpenAPIType.STRING)
        )
    },
    "429": _RETRY_AFTER,
    "503": _RETRY_AFTER,
}


@dataclass
class StreamzOperation(Operation):
    """An operation as Streamz documents it:

    - Litestar's default 400 body is dropped (see the module docstring), and so are 400 and 413
      problems where there is no body or ``Idempotency-Key`` to refuse;
    - one that needs no credential says so (``security: []``);
    - its context's tag comes before its tier's;
    - a route's ``BODY_EXAMPLE`` becomes its request body's example.
    """

    body_example: ClassVar[object | None] = None

    def __post_init__(self) -> None:
        if self.body_example is not None and isinstance(self.request_body, RequestBody):
            for media in self.request_body.content.values():
                media.examples = {"example": Example(summary="Example", value=self.body_example)}
        responses = self.responses or {}
        default = responses.get("400")
        if isinstance(default, OpenAPIResponse) and MEDIA_TYPE not in (default.content or {}):
            del responses["400"]
        if self.request_body is None and not any(
            getattr(p, "name", None) == IDEMPOTENCY_HEADER for p in self.parameters or []
        ):  # no body to be malformed or too large, no Idempotency-Key to be malformed
            for status in ("400", "413"):
                responses.pop(status, None)
        for status, header in _ERROR_HEADERS.items():
            response = responses.get(status)
            if isinstance(response, OpenAPIResponse) and MEDIA_TYPE in (response.content or {}):
                response.headers = {**(response.headers or {}), **header}
        if self.security is None:
            self.security = []
        if self.tags:  # the context's tag first: generators group operations by it
            self.tags = sorted(self.tags, key=lambda tag: tag in TIERS)


class DocumentedOperations(ReceiveRoutePlugin):
    """Every HTTP operation is built as a ``StreamzOperation`` (Litestar sets the class per
    handler only), and a handler with both a docstring and a ``description`` shows both."""

    def receive_route(self, route: BaseRoute) -> None:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                doc = unwrap_partial(handler.fn).__doc__
                if (
                    doc
                    and handler.description
                    and not handler.description.startswith(cleandoc(doc))
                ):  # the docstring: what, who, main errors; the description: details
                    handler.description = f"{cleandoc(doc)}\n\n{handler.description}"
                if issubclass(handler.operation_class, StreamzOperation):
                    continue  # a route's own (see media.files)
                example = handler.opt.get(BODY_EXAMPLE)
                handler.operation_class = (
                    StreamzOperation
                    if example is None
                    else type("ExampleOperation", (StreamzOperation,), {"body_example": example})
                )


def _without_single_one_of(node: object) -> None:
    """Merge every one-member ``oneOf`` into the schema that holds it, in place."""
    if isinstance(node, dict):
        one_of = node.get("oneOf")
        if isinstance(one_of, list) and len(one_of) == 1 and isinstance(one_of[0], dict):
            del node["oneOf"]
            node.update({k: v for k, v in one_of[0].items() if k not in node})
        for value in node.values():
            _without_single_one_of(value)
    elif isinstance(node, list):
        for item in node:
            _without_single_one_of(item)


@dataclass
class StreamzOpenAPI(OpenAPI):
    """The document, with a field typed ``X | UNSET`` (left out of a partial update) shown as
    ``X``: Litestar writes a one-member ``oneOf`` for it."""

    def to_schema(self) -> dict[str, Any]:
        schema = super().to_schema()
        _without_single_one_of(schema)
        return schema


@dataclass
class StreamzOpenAPIConfig(OpenAPIConfig):
    def to_openapi_schema(self) -> OpenAPI:
        base = super().to_openapi_schema()
        return StreamzOpenAPI(**{f.name: getattr(base, f.name) for f in fields(base)})


class OfflineSwaggerUI(SwaggerRenderPlugin):
    """Swagger UI whose assets come from the ``swagger-ui-bundle`` package, at ``ASSETS``."""

    def __init__(self) -> None:
        super().__init__(
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
            path="/swagger",
        )

    def receive_router(self, router: Router) -> None:
        super().receive_router(router)
        router.register(
            create_static_files_router(
                path="/assets",
                directories=[swagger_ui_path],
                name="swagger-ui-assets",
                include_in_schema=False,
            )
        )


def openapi_config(components: Components) -> OpenAPIConfig:
    """The app's OpenAPI configuration (``components``: the security schemes). The app also
    needs ``PLUGINS`` among its plugins."""
    return StreamzOpenAPIConfig(
        title="Streamz",
        version="1.0.0",
        description=DESCRIPTION,
        license=License(name="Apache-2.0", identifier="Apache-2.0"),
        path=SCHEMA_PATH,
        components=components,
        tags=TAGS,
        use_handler_docstrings=True,
        operation_id_creator=operation_id,
        render_plugins=[OfflineSwaggerUI(), JsonRenderPlugin()],
    )


PLUGINS = [DocumentedOperations()]

"""OpenTelemetry traces: off unless the standard ``OTEL_*`` variables ask for them.

On when ``OTEL_TRACES_EXPORTER`` names an exporter (``otlp``, ``console``) or an OTLP endpoint
is set (``OTEL_EXPORTER_OTLP_ENDPOINT``, ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``); off when
``OTEL_SDK_DISABLED=true`` or ``OTEL_TRACES_EXPORTER=none``. ``setup_tracing`` installs, once
per process: a tracer provider named by ``OTEL_SERVICE_NAME`` (else the caller's default) whose
spans go through a batch processor to the OTLP http/protobuf exporter (which reads the other
``OTEL_EXPORTER_OTLP_*`` variables), and the asyncpg, Redis and httpx instrumentations. Then:

- HTTP: Litestar's OpenTelemetry middleware (a server span per request, named by method and
  route template once routed; a caller's ``traceparent`` is followed), ``http_middleware()``.
- Websocket frames: one span per client frame the gateway handles (pings and pongs excepted),
  named by its type (``ws send``), with its chatroom or topic; no payloads. ``frame_span``.
- SAQ jobs: one span per job, a child of the trace context in the job's ``meta`` (the outbox
  row's writer, or the job that queued it: ``adapters/otel``, ``adapters/saq``).
  ``trace_jobs``.

Off, nothing is installed: the gateway's and the outbox's checks are one lookup each.
Client spans (a query, a Redis command, an HTTP call) without a parent are dropped: the
worker's relay and expiry loops, SAQ's polling and the gateway's pub/sub reader would otherwise
make one-span traces many times a second. Everything else is sampled by ``OTEL_TRACES_SAMPLER``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, StatusCode

from streamz.adapters.otel import propagation
from streamz.core.errors import StreamzError, Unavailable
from streamz.settings import SettingsError

if TYPE_CHECKING:
    from litestar.middleware.base import DefineMiddleware
    from litestar.types import ASGIApp, Message, Receive, Scope, Send
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.sdk.trace.sampling import Sampler, SamplingResult
    from opentelemetry.trace import Link, Tracer
    from opentelemetry.trace.span import TraceState
    from opentelemetry.util.types import Attributes
    from saq import Worker

    from streamz.core.realtime.protocol import ClientFrame

API, WORKER, DEV = "streamz-api", "streamz-worker", "streamz-dev"  # default service names
_SCOPE = "streamz"
_EXPORTERS = ("otlp", "console")
_SPAN_KEY = "_otel_span"  # a SAQ job context's span and context token
# probes and scrapes: a load balancer's or Prometheus' every few seconds would be most traces
_UNTRACED = ["^/health$", "^/ready$", "^/metrics$"]


@dataclass(frozen=True, slots=True)
class _Tracing:
    provider: TracerProvider
    tracer: Tracer


_state: list[_Tracing] = []  # the one set-up of this process, once ``setup_tracing`` ran
_NO_SPAN: AbstractContextManager[None] = contextlib.nullcontext()


def wanted(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The exporters the ``OTEL_*`` variables ask for; none means tracing stays off."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    given = [n.strip().lower() for n in environ.get("OTEL_TRACES_EXPORTER", "").split(",")]
    if not any(given):
        endpoints = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        return ["otlp"] if any(environ.get(v, "").strip() for v in endpoints) else []
    names = [n for n in given if n and n != "none"]
    unknown = [n for n in names if n not in _EXPORTERS]
    if unknown:
        raise SettingsError(
            f"OTEL_TRACES_EXPORTER: {', '.join(unknown)} is not supported (otlp, console, none)"
        )
    return names


def setup_tracing(service: str, *, exporter: SpanExporter | None = None) -> TracerProvider | None:
    """Install tracing if the ``OTEL_*`` variables ask for it (see the module); its provider,
    or None (off: nothing installed). Once per process: later calls return the first result.

    ``exporter`` (tests) turns tracing on whatever the variables say, exports each span as it
    ends, and leaves the global tracer provider alone; ``shutdown_tracing`` undoes it all.
    """
    if _state:
        return _state[0].provider
    names = [] if exporter is not None else wanted()
    if exporter is None and not names:
        return None
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(sampler=_sampler(), resource=_resource(service))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        for made in _exporters(names):
            provider.add_span_processor(BatchSpanProcessor(made))
        trace.set_tracer_provider(provider)
    _instrument(provider)
    _state.append(_Tracing(provider, provider.get_tracer(_SCOPE)))
    return provider


def shutdown_tracing() -> None:
    """Undo ``setup_tracing`` (tests): instrumentations removed, spans flushed; a global
    provider it set stays set (the API allows one), but nothing uses it afterwards."""
    if not _state:
        return
    state = _state.pop()
    for instrumentor in _instrumentors():
        if instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.uninstrument()
    state.provider.shutdown()


def enabled() -> bool:
    return bool(_state)


def http_middleware() -> list[DefineMiddleware]:
    """Litestar's OpenTelemetry middleware when tracing is on (Litestar runs it outside its
    routing, as its plugin does), else nothing. HTTP only: a websocket is traced per frame,
    not as one span as long as the connection."""
    if not _state:
        return []
    from litestar.enums import ScopeType
    from litestar.plugins.opentelemetry import (
        OpenTelemetryConfig,
        OpenTelemetryInstrumentationMiddleware,
    )

    def named_after_route(app: ASGIApp) -> ASGIApp:
        """The server span named by method and route template, once routed (the path would
        make a name per resource): as the response starts, before the span ends with it."""

        async def call(scope: Scope, receive: Receive, send: Send) -> None:
            span = trace.get_current_span()  # the request's server span

            async def named(message: Message) -> None:
                template = scope.get("path_template")
                if message["type"] == "http.response.start" and template:
                    span.update_name(f"{scope.get('method', '')} {template}".strip())
                    span.set_attribute("http.route", template)
                await send(message)

            await app(scope, receive, named)

        return call

    class Middleware(OpenTelemetryInstrumentationMiddleware):
        def __init__(self, app: ASGIApp, config: OpenTelemetryConfig) -> None:
            super().__init__(named_after_route(app), config)

    def details(scope: Scope) -> tuple[str, dict[str, Any]]:
        request_id = scope.get("state", {}).get("request_id")  # set by http/middleware.py
        return str(scope.get("method", "HTTP")), {
            "streamz.request_id": request_id
        } if request_id else {}

    config = OpenTelemetryConfig(
        tracer_provider=_state[0].provider,
        scopes={ScopeType.HTTP},
        exclude=_UNTRACED,
        scope_span_details_extractor=details,
        exclude_spans=["receive", "send"],  # no span per ASGI message
        middleware_class=Middleware,
    )
    return [config.middleware]


def frame_span(frame: ClientFrame, connection_id: str) -> AbstractContextManager[None]:
    """A span around one websocket frame's handling (a no-op when tracing is off, and for
    pings and pongs): ``ws <type>``, with the frame's chatroom or topic and the connection."""
    if not _state:
        return _NO_SPAN
    kind = type(frame).__name__.lower()
    if kind in ("ping", "pong"):
        return _NO_SPAN
    attributes: dict[str, str] = {"streamz.ws.frame": kind, "streamz.ws.connection": connection_id}
    room = getattr(frame, "chatroom", None) or getattr(frame, "topic", None)
    if room:
        attributes["streamz.ws.room"] = room
    return _frame_span(_state[0].tracer, f"ws {kind}", attributes)


@contextlib.contextmanager
def _frame_span(tracer: Tracer, name: str, attributes: dict[str, str]) -> Iterator[None]:
    with tracer.start_as_current_span(
        name,
        kind=SpanKind.SERVER,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield
        except StreamzError as error:  # answered with an error frame, like an HTTP 4xx
            span.set_attribute("streamz.problem", error.code)
            if isinstance(error, Unavailable):
                span.set_status(StatusCode.ERROR, error.code)
            raise
        except Exception as error:
            span.record_exception(error)
            span.set_status(StatusCode.ERROR, type(error).__name__)
            raise


def trace_jobs(worker: Worker[Any]) -> None:
    """A span per SAQ job of ``worker`` when tracing is on, the child of the trace context in
    the job's ``meta`` (else a root). Hooks are added to the worker's own (before runs first,
    after runs last), so the job's span is current in them too; nothing when tracing is off."""
    if not _state:
        return
    tracer = _state[0].tracer

    async def before(ctx: dict[str, Any]) -> None:
        job = ctx["job"]
        carried = (job.meta or {}).get(propagation.META_KEY)
        span = tracer.start_span(
            job.function,
            context=propagation.extract(carried) if isinstance(carried, str) else Context(),
            kind=SpanKind.CONSUMER,
            attributes={
                "saq.job.function": job.function,
                "saq.job.key": job.key,
                "saq.job.attempt": job.attempts,
                "saq.queue": job.queue.name if job.queue else "",
            },
        )
        token = otel_context.attach(trace.set_span_in_context(span, Context()))
        ctx[_SPAN_KEY] = (span, token)

    async def after(ctx: dict[str, Any]) -> None:
        opened = ctx.pop(_SPAN_KEY, None)
        if opened is None:
            return
        span, token = opened
        job, error = ctx["job"], ctx.get("exception")
        span.set_attribute("saq.job.status", job.status.name.lower())
        if error is not None:
            span.record_exception(error)
            span.set_status(StatusCode.ERROR, type(error).__name__)
        span.end()
        with contextlib.suppress(ValueError):  # attached in this task, so this is a formality
            otel_context.detach(token)

    worker.before_process = [before, *(worker.before_process or [])]
    worker.after_process = [*(worker.after_process or []), after]


def _resource(service: str) -> Any:
    """``service.name``: ``OTEL_SERVICE_NAME`` or ``OTEL_RESOURCE_ATTRIBUTES``' one, else
    ``service``; plus the version and what ``OTEL_RESOURCE_ATTRIBUTES`` adds."""
    from opentelemetry.sdk.resources import (
        SERVICE_NAME,
        SERVICE_VERSION,
        OTELResourceDetector,
        Resource,
    )

    named = OTELResourceDetector().detect().attributes.get(SERVICE_NAME)
    try:
        version = metadata.version("streamz")
    except metadata.PackageNotFoundError:
        version = "0"
    return Resource.create({SERVICE_NAME: str(named or service), SERVICE_VERSION: version})


def _exporters(names: list[str]) -> list[SpanExporter]:
    made: list[SpanExporter] = []
    if "otlp" in names:
        protocol = (
            os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
            or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
            or "http/protobuf"
        ).strip()
        if protocol != "http/protobuf":
            raise SettingsError(
                f"OTEL_EXPORTER_OTLP_PROTOCOL: {protocol} is not supported (http/protobuf)"
            )
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        made.append(OTLPSpanExporter())  # endpoint, headers, timeout... from OTEL_EXPORTER_OTLP_*
    if "console" in names:
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        made.append(ConsoleSpanExporter())
    return made


def _instrumentors() -> list[Any]:
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    asyncpg = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
    return [asyncpg, RedisInstrumentor(), HTTPXClientInstrumentor()]


def _instrument(provider: TracerProvider) -> None:
    for instrumentor in _instrumentors():
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument(tracer_provider=provider)


def _sampler() -> Sampler:
    from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
    from opentelemetry.sdk.trace.sampling import _get_from_env_or_default as from_env

    class NoOrphanClientSpans(Sampler):
        """Drops client spans that have no parent; the rest goes to ``OTEL_TRACES_SAMPLER``'s
        sampler (default: parent-based, always on)."""

        def __init__(self, inner: Sampler) -> None:
            self._inner = inner

        def should_sample(
            self,
            parent_context: Context | None,
            trace_id: int,
            name: str,
            kind: SpanKind | None = None,
            attributes: Attributes = None,
            links: Sequence[Link] | None = None,
            trace_state: TraceState | None = None,
        ) -> SamplingResult:
            if kind is SpanKind.CLIENT and not (
                trace.get_current_span(parent_context).get_span_context().is_valid
            ):
                return SamplingResult(Decision.DROP)
            return self._inner.should_sample(
                parent_context, trace_id, name, kind, attributes, links, trace_state
            )

        def get_description(self) -> str:
            return f"NoOrphanClientSpans{{{self._inner.get_description()}}}"

    return NoOrphanClientSpans(from_env())

"""Tracing stays off without the OTEL_* variables (nothing installed), and which variables
turn it on; the trace context a job carries in its meta."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from streamz.adapters.otel import propagation
from streamz.container import make_container
from streamz.core.realtime.protocol import Send
from streamz.entrypoints import tracing
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings, SettingsError

PARENT = f"00-{'a' * 32}-{'b' * 16}-01"


async def test_without_otel_variables_nothing_is_set_up(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [n for n in os.environ if n.startswith("OTEL_")]:
        monkeypatch.delenv(name)
    assert tracing.setup_tracing(tracing.API) is None
    assert not tracing.enabled()
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)  # the API's own
    for instrumentor in (AsyncPGInstrumentor(), RedisInstrumentor(), HTTPXClientInstrumentor()):  # type: ignore[no-untyped-call]
        assert not instrumentor.is_instrumented_by_opentelemetry
    container = make_container(settings)
    try:
        app = create_app(settings, container)
        with pytest.raises(KeyError):
            app.plugins.get("OpenTelemetryPlugin")  # no OpenTelemetry middleware
        worker = build_worker(settings.redis.url or "", container, relay=False)
        hooks = [*(worker.before_process or []), *(worker.after_process or [])]
        assert not [h for h in hooks if "trace_jobs" in getattr(h, "__qualname__", "")]
        await worker.queue.disconnect()
    finally:
        await container.close()
    assert tracing.frame_span(Send("1", "owner", "hi"), "c1") is tracing.frame_span(
        Send("2", "other", "hello"), "c2"
    )  # one shared no-op context
    assert propagation.current() is None  # the outbox writes NULL


@pytest.mark.parametrize(
    ("environ", "exporters"),
    [
        ({}, []),
        ({"OTEL_SERVICE_NAME": "x"}, []),  # a name alone turns nothing on
        ({"OTEL_TRACES_EXPORTER": "otlp"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "otlp, console"}, ["otlp", "console"]),
        ({"OTEL_TRACES_EXPORTER": "none"}, []),
        ({"OTEL_TRACES_EXPORTER": "otlp,none"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c"}, []),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, []),
        ({"OTEL_SDK_DISABLED": "false", "OTEL_TRACES_EXPORTER": "otlp"}, ["otlp"]),
    ],
)
def test_which_variables_turn_tracing_on(environ: dict[str, str], exporters: list[str]) -> None:
    assert tracing.wanted(environ) == exporters


def test_an_unsupported_exporter_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="OTEL_TRACES_EXPORTER: zipkin is not supported"):
        tracing.wanted({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_a_jobs_meta_names_its_parent() -> None:
    assert propagation.job_meta(None) == {}
    assert propagation.job_meta(PARENT) == {"trace_context": PARENT}
    assert propagation.sampled(PARENT)
    assert propagation.sampled(f"{PARENT[:-2]}03 vendor=v")
    assert not propagation.sampled(f"{PARENT[:-2]}00")
    assert not propagation.sampled("00-garbage")
    empty = trace.get_current_span(propagation.extract("00-garbage")).get_span_context()
    assert not empty.is_valid


class _Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP collector: keeps each ``POST /v1/traces`` body, decoded."""

    received: list[ExportTraceServiceRequest]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/v1/traces" and self.headers["Content-Type"] == "application/x-protobuf":
            self.received.append(ExportTraceServiceRequest.FromString(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def collector() -> Iterator[tuple[str, list[ExportTraceServiceRequest]]]:
    received: list[ExportTraceServiceRequest] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


PROCESS = """
from opentelemetry import trace
from streamz.entrypoints import tracing
provider = tracing.setup_tracing(tracing.WORKER)
assert trace.get_tracer_provider() is provider  # the global one, in a real process
with trace.get_tracer("probe").start_as_current_span("probe", kind=trace.SpanKind.SERVER):
    pass
"""


def test_an_otlp_endpoint_turns_tracing_on_and_spans_reach_it_by_the_end(
    collector: tuple[str, list[ExportTraceServiceRequest]],
) -> None:
    url, received = collector
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env["OTEL_EXPORTER_OTLP_ENDPOINT"] = url
    env["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test"
    subprocess.run([sys.executable, "-c", PROCESS], env=env, check=True, timeout=60)
    [request] = received  # exported at exit, batched
    [resource_spans] = request.resource_spans
    resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
    assert resource["service.name"] == "streamz-worker"
    assert resource["deployment.environment"] == "test"
    [scope_spans] = resource_spans.scope_spans
    assert [s.name for s in scope_spans.spans] == ["probe"]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "streamz-api"),
        ({"OTEL_SERVICE_NAME": "edge-7"}, "edge-7"),
        ({"OTEL_RESOURCE_ATTRIBUTES": "service.name=edge-8,team=live"}, "edge-8"),
    ],
)
def test_the_service_name_is_the_variables_else_the_default(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: str
) -> None:
    for name in [n for n in os.environ if n.startswith("OTEL_")]:
        monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert tracing._resource(tracing.API).attributes["service.name"] == expected

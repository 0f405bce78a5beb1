"""The current trace context as an opaque string, and back.

The string is the W3C ``traceparent`` header, followed by a space and the ``tracestate``
header when there is one. Outbox rows store it (``outbox.trace_context``) and SAQ jobs carry it
in their ``meta``, so the job a committed event leads to continues the trace of the request
that wrote it. With tracing off no span is current and ``current()`` is one context lookup.
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_W3C = TraceContextTextMapPropagator()
META_KEY = "trace_context"  # where a job's meta carries its parent


def current() -> str | None:
    """The current span's context, or None when no span is current (tracing off)."""
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    _W3C.inject(carrier)
    parent = carrier.get("traceparent")
    if parent is None:
        return None
    state = carrier.get("tracestate")
    return f"{parent} {state}" if state else parent


def extract(value: str) -> Context:
    """A context whose current span is the one ``value`` names (empty if it is malformed)."""
    parent, _, state = value.partition(" ")
    carrier = {"traceparent": parent}
    if state:
        carrier["tracestate"] = state
    return _W3C.extract(carrier, context=Context())


def sampled(value: str) -> bool:
    """Whether the writer's span was sampled (the ``traceparent`` flags)."""
    parent = value.partition(" ")[0]
    try:
        return len(parent) == 55 and bool(int(parent[53:], 16) & 1)
    except ValueError:
        return False


def job_meta(value: str | None) -> dict[str, object]:
    """A job's ``meta`` that makes ``value`` its span's parent (empty without one)."""
    return {META_KEY: value} if value else {}

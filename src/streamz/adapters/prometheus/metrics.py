"""Every metric Streamz defines itself, in one place (``docs/operations.md`` explains each).

All of them carry labels, so no value exists before its first use: ``multiprocess.enable``
can still switch the process to prometheus_client's multiprocess mode after this module is
imported (``streamzctl serve`` with several worker processes). Hot paths keep the children
they use (``Counter.labels(...)`` once, then ``inc()``): no label lookup per call.

The scrape-time gauges (outbox lag, SAQ depth, breaker state, dependency up) are made by
``probes.py`` when a scrape comes.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics

from streamz.ports.notification_delivery import SendResult

# no `<name>_created` series beside each counter and histogram: they double what a scrape
# carries, and rates and alerts here do not need them
disable_created_metrics()  # type: ignore[no-untyped-call]

PREFIX = "streamz"

# -- HTTP (entrypoints/http/metrics.py: ``measured``) -------------------------------------------
HTTP_REQUESTS = Counter(
    "streamz_http_requests",
    "HTTP requests answered, by method, route template (unmatched: no route) and status",
    ["method", "path", "status_code"],
)
HTTP_SECONDS = Histogram(
    "streamz_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by method, route and status",
    ["method", "path", "status_code"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
HTTP_IN_PROGRESS = Gauge(
    "streamz_http_requests_in_progress",
    "HTTP requests being handled, by method",
    ["method"],
    multiprocess_mode="livesum",
)

# -- websockets (synced from each hub's counters: gateway.py) ---------------------------------
WS_CONNECTIONS = Gauge(
    "streamz_ws_connections",
    "Open websocket connections of this instance, by whether they are signed in",
    ["auth"],
    multiprocess_mode="livesum",
)
WS_SUBSCRIPTIONS = Gauge(
    "streamz_ws_subscriptions",
    "Topic subscriptions of this instance's connections (chatroom or other topics)",
    ["topic"],
    multiprocess_mode="livesum",
)
WS_EVENTS = Counter(
    "streamz_ws_events",
    "Realtime events of this instance: received from pub/sub, delivered (frames queued to "
    "connections: one per subscriber), duplicate (copies dropped)",
    ["stage"],
)
WS_CLOSES = Counter(
    "streamz_ws_closes",
    "Connections the server closed: 4009 send queue overflow (slow consumer), 4008 idle, "
    "4001 credential refused",
    ["code"],
)
WS_RESUMES = Counter(
    "streamz_ws_resumes",
    "Subscribes with resume_from that missed events, by how they caught up: memory (the "
    "room's recent events), history (read from the database), resync (too far behind: told "
    "to refetch)",
    ["tier"],
)

# -- chat sends (counted by the HTTP route and the websocket send frame) ----------------------
CHAT_ACCEPTED = Counter(
    "streamz_chat_messages_accepted",
    "Chat messages accepted, by transport (http, ws)",
    ["transport"],
)
CHAT_REFUSED = Counter(
    "streamz_chat_messages_refused",
    "Chat messages refused, by transport and problem type (chat-slow-mode, chat-banned...)",
    ["transport", "problem"],
)

# -- worker: SAQ jobs -------------------------------------------------------------------------
JOBS = Counter(
    "streamz_jobs",
    "SAQ jobs processed, by function and outcome (complete, failed, retried, aborted)",
    ["function", "outcome"],
)
JOB_SECONDS = Histogram(
    "streamz_job_duration_seconds",
    "Time SAQ jobs ran, by function",
    ["function"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)

# -- notifications ----------------------------------------------------------------------------
NOTIFICATION_SENDS = Counter(
    "streamz_notification_sends",
    "Messages handed to a provider (fcm, ses, log), by result (sent, invalid_token, retry, failed)",
    ["provider", "result"],
)
BREAKER_REJECTIONS = Counter(
    "streamz_breaker_rejections",
    "Calls to a provider not attempted because its circuit breaker is open",
    ["provider"],
)
BREAKER_OPENED = Counter(
    "streamz_breaker_opened",
    "Times a provider's circuit breaker opened (or opened again after a failed probe)",
    ["provider"],
)
BUCKET_WAITS = Counter(
    "streamz_token_bucket_waits",
    "Times a provider's token bucket told a sender to wait",
    ["provider"],
)
BUCKET_WAIT_SECONDS = Counter(
    "streamz_token_bucket_wait_seconds",
    "Seconds the token buckets told senders to wait, summed",
    ["provider"],
)

# -- search and dependencies ------------------------------------------------------------------
SEARCH_SECONDS = Histogram(
    "streamz_search_duration_seconds",
    "Typesense queries, by operation (search, suggest), failures included",
    ["operation"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
DEPENDENCY_ERRORS = Counter(
    "streamz_dependency_errors",
    "Outages answered (a 503, a websocket error frame, a failed job) by the dependency "
    "that was down: postgres, redis, typesense, unknown",
    ["dependency"],
)

# the children a hot path uses, made on first use (see the module's docstring)
_accepted: dict[str, Counter] = {}


def chat_accepted(transport: str) -> None:
    """One accepted chat message (``transport``: http or ws): a cached child's ``inc``."""
    child = _accepted.get(transport)
    if child is None:
        child = _accepted[transport] = CHAT_ACCEPTED.labels(transport)
    child.inc()


def chat_refused(transport: str, problem: str) -> None:
    """One refused chat message, by its problem type's code."""
    CHAT_REFUSED.labels(transport, problem).inc()


def count_sends(provider: str, results: Iterable[SendResult]) -> None:
    """The provider's answers to one call (a batch of pushes, one email), by outcome."""
    counts: dict[str, int] = {}
    for result in results:
        counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
    for outcome, count in counts.items():
        NOTIFICATION_SENDS.labels(provider, outcome).inc(count)


def forget_children() -> None:
    """Drop the cached children (``multiprocess.enable``: they are made again, mmap-backed)."""
    _accepted.clear()

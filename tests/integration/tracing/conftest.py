"""Tracing on for a test, its spans kept in memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from streamz.entrypoints import tracing
from tests.integration.conftest import Client


@pytest.fixture
def exported(client: Client) -> Iterator[InMemorySpanExporter]:
    """Tracing on for this test, every span kept in memory as it ends. The global tracer
    provider is left alone (``setup_tracing`` with an exporter does not set it) and the
    instrumentations are removed after. Asks for ``client`` first, so that the app the tests
    share is built before, without tracing; apps built during the test are traced."""
    exporter = InMemorySpanExporter()
    assert tracing.setup_tracing("streamz-test", exporter=exporter) is not None
    try:
        yield exporter
    finally:
        tracing.shutdown_tracing()

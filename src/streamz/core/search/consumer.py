"""The events the search indexer consumes (see ``core.events.consumers``)."""

from __future__ import annotations

from streamz.core.events.consumers import Consumer

SEARCH_CONSUMER = Consumer(job="search_index_events", topics=frozenset())

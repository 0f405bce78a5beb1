"""The events the search indexer consumes (see ``core.events.consumers``)."""

from __future__ import annotations

from streamz.core.events.consumers import Consumer
from streamz.core.search.changes import TOPICS

# retried with SAQ's backoff while Typesense is down; the reconcile job catches up after that
SEARCH_CONSUMER = Consumer(job="search_index_events", topics=TOPICS, retries=20)

"""The background consumers of committed events, handed their batches by the outbox relay."""

from __future__ import annotations

from streamz.core.events.consumers import Consumer
from streamz.core.notifications.consumer import NOTIFICATIONS_CONSUMER
from streamz.core.search.consumer import SEARCH_CONSUMER

CONSUMERS: tuple[Consumer, ...] = (SEARCH_CONSUMER, NOTIFICATIONS_CONSUMER)

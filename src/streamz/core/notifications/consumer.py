"""The events the notification triggers consume (see ``core.events.consumers``)."""

from __future__ import annotations

from streamz.core.events.consumers import Consumer

NOTIFICATIONS_CONSUMER = Consumer(job="notifications_trigger", topics=frozenset())

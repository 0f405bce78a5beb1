"""OpenTelemetry: the trace context that outbox rows and queued jobs carry (W3C)."""

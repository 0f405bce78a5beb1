"""Idempotency context: retried requests (``Idempotency-Key``) answered once, with the first
answer."""

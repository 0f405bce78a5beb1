"""Unit tests: core use cases over the in-memory adapters; no I/O, no servers."""

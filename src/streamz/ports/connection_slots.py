"""Caps on concurrent connections per client, counted across every instance."""

from __future__ import annotations

from typing import Protocol


class ConnectionSlots(Protocol):
    async def acquire(self, key: str, limit: int) -> bool:
        """Take one of ``limit`` slots of ``key`` (a client address) for a new connection;
        False when every slot is taken (on any instance). A slot taken must be released."""
        ...

    async def release(self, key: str) -> None:
        """Give back a slot taken by ``acquire`` (the connection has ended)."""
        ...

"""Livepeer Studio, as Streamz uses it: one stream per channel, recordings as assets."""

from typing import Protocol

from streamz.core.live.streams.entities import ProviderStream


class StreamingProvider(Protocol):
    """Every call raises ``LivepeerUnavailable`` on errors, 5xx answers and timeouts, and
    ``LivepeerNotConfigured`` when the deployment has no API key. Secrets are never logged."""

    async def create_stream(self, name: str) -> ProviderStream:
        """A new stream that records its broadcasts (``record: true``)."""
        ...

    async def get_stream(self, stream_id: str) -> ProviderStream | None:
        """None when Livepeer does not know it (or it was deleted)."""
        ...

    async def delete_stream(self, stream_id: str) -> None:
        """Its key stops working. A stream Livepeer does not know counts as deleted."""
        ...

    async def delete_asset(self, asset_id: str) -> None:
        """An asset Livepeer does not know, or already deleted, counts as deleted."""
        ...

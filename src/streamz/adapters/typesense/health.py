"""Typesense's ``/health``: ok when one node of the cluster (or the one server) says ok; the
search client sends each request to a healthy node."""

import asyncio
from collections.abc import Sequence

import httpx


class TypesenseHealth:
    name = "typesense"

    def __init__(self, nodes: str | Sequence[str], client: httpx.AsyncClient) -> None:
        urls = [nodes] if isinstance(nodes, str) else list(nodes)
        self._urls = [url.rstrip("/") + "/health" for url in urls]
        self._client = client

    async def check(self) -> None:
        failures = await asyncio.gather(*map(self._node, self._urls), return_exceptions=True)
        if all(failures):
            if len(failures) == 1 and isinstance(failures[0], Exception):
                raise failures[0]
            raise RuntimeError(
                f"no Typesense node is healthy ({', '.join(type(f).__name__ for f in failures)})"
            )

    async def _node(self, url: str) -> None:
        response = await self._client.get(url, timeout=2.0)
        response.raise_for_status()
        if response.json().get("ok") is not True:
            raise RuntimeError("typesense reports not ok")

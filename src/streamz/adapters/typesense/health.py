import httpx


class TypesenseHealth:
    name = "typesense"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self._url = url.rstrip("/") + "/health"
        self._client = client

    async def check(self) -> None:
        response = await self._client.get(self._url, timeout=2.0)
        response.raise_for_status()
        if response.json().get("ok") is not True:
            raise RuntimeError("typesense reports not ok")

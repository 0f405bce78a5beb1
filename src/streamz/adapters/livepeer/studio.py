"""Livepeer Studio's REST API (https://livepeer.studio/api) with a Bearer API key.

Only what Streamz needs: ``POST /stream`` (``{"name", "record": true}``), ``GET`` and
``DELETE /stream/{id}``, ``DELETE /asset/{id}``. Livepeer Studio has no stream-key rotation
endpoint (a stream's ``streamKey`` never changes), so rotation is a new stream plus deleting
the old one (see ``RotateStreamKey``).

Errors, non-2xx answers and timeouts become ``LivepeerUnavailable``; the API key and stream
keys never reach logs or error messages (only method, path and status do).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import structlog

from streamz.core.live.streams.entities import ProviderStream
from streamz.core.live.streams.errors import LivepeerNotConfigured, LivepeerUnavailable

log = structlog.get_logger("streamz.livepeer")
DEFAULT_URL = "https://livepeer.studio/api"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def _path_id(value: str) -> str:
    return quote(value, safe="")


def _stream_of(body: Any) -> ProviderStream:
    if not isinstance(body, dict):
        raise LivepeerUnavailable("Livepeer answered with something that is not a stream")
    values = [body.get(name) for name in ("id", "streamKey", "playbackId")]
    if not all(isinstance(v, str) and v for v in values):
        raise LivepeerUnavailable("Livepeer's stream lacks its id, key or playback id")
    stream_id, key, playback = (str(v) for v in values)
    return ProviderStream(stream_id, key, playback)


class LivepeerStudio:
    """The ``StreamingProvider`` port on Livepeer Studio."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        *,
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}
        self._timeout = timeout

    async def _call(
        self, method: str, path: str, *, json: dict[str, Any] | None = None
    ) -> httpx.Response:
        try:
            response = await self._http.request(
                method, self._base + path, json=json, headers=self._headers, timeout=self._timeout
            )
        except httpx.TimeoutException:
            log.warning("livepeer timed out", method=method, path=path)
            raise LivepeerUnavailable("Livepeer did not answer in time") from None
        except httpx.HTTPError as error:
            log.warning(
                "livepeer unreachable", method=method, path=path, error=type(error).__name__
            )
            raise LivepeerUnavailable("Livepeer could not be reached") from None
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            log.warning("livepeer refused", method=method, path=path, status=response.status_code)
            raise LivepeerUnavailable(f"Livepeer answered {response.status_code}")
        return response

    async def create_stream(self, name: str) -> ProviderStream:
        response = await self._call("POST", "/stream", json={"name": name, "record": True})
        if not response.is_success:
            log.warning("livepeer refused a stream", status=response.status_code)
            raise LivepeerUnavailable(f"Livepeer refused the stream ({response.status_code})")
        return _stream_of(_json(response))

    async def get_stream(self, stream_id: str) -> ProviderStream | None:
        response = await self._call("GET", f"/stream/{_path_id(stream_id)}")
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        if not response.is_success:
            raise LivepeerUnavailable(f"Livepeer answered {response.status_code}")
        body = _json(response)
        if isinstance(body, dict) and body.get("deleted") is True:
            return None
        return _stream_of(body)

    async def delete_stream(self, stream_id: str) -> None:
        response = await self._call("DELETE", f"/stream/{_path_id(stream_id)}")
        if response.is_success or response.status_code == httpx.codes.NOT_FOUND:
            return
        raise LivepeerUnavailable(f"Livepeer did not delete the stream ({response.status_code})")

    async def delete_asset(self, asset_id: str) -> None:
        response = await self._call("DELETE", f"/asset/{_path_id(asset_id)}")
        if response.is_success or response.status_code == httpx.codes.NOT_FOUND:
            return
        if response.status_code == httpx.codes.BAD_REQUEST and "already deleted" in response.text:
            return  # Livepeer: "asset is already deleted"
        raise LivepeerUnavailable(f"Livepeer did not delete the asset ({response.status_code})")


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise LivepeerUnavailable("Livepeer answered with something that is not JSON") from None


class UnconfiguredLivepeer:
    """The port when no API key is set: every call is ``LivepeerNotConfigured``."""

    def _refuse(self) -> LivepeerNotConfigured:
        return LivepeerNotConfigured(
            "Livepeer is not configured: set STREAMZ_LIVEPEER_API_KEY (and STREAMZ_LIVEPEER_URL "
            "for a local fake)"
        )

    async def create_stream(self, name: str) -> ProviderStream:
        raise self._refuse()

    async def get_stream(self, stream_id: str) -> ProviderStream | None:
        raise self._refuse()

    async def delete_stream(self, stream_id: str) -> None:
        raise self._refuse()

    async def delete_asset(self, asset_id: str) -> None:
        raise self._refuse()

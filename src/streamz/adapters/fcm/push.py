"""Push through Firebase Cloud Messaging (HTTP v1) with ``firebase-admin``.

One firebase ``App`` per sender (its own name, so several senders can live in one process),
and one ``_MessagingService`` bound to it whose FCM URL and HTTP client are ours:

- the URL points at ``settings.fcm.url`` (a local fake) when set, without touching the
  library's class attributes;
- the HTTP client is one ``httpx.AsyncClient`` kept for the sender's life, every connection
  kept alive (the library's default keeps 20, so a batch of 500 would reopen most), at most
  ``max_connections`` requests in flight (httpcore's pool scans every connection and every
  queued request on each step: 500 queued requests on 100 connections cost about 2.5x the CPU
  per request of 100 in flight; fewer connections cost less still), no library retries (the
  pipeline retries with backoff and counts attempts), HTTP/2 over TLS (real FCM) and HTTP/1.1
  keep-alive over ``http://``;
- authentication: anonymous for the fake, else the service account (or application default
  credentials) with one shared auth transport (the library builds a ``requests.Session`` per
  request to refresh tokens).

Answers are classified into ``SendOutcome`` (see ``classify``).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Generator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import firebase_admin  # type: ignore[import-untyped]
import google.auth.credentials
import google.auth.transport.requests
import httpx
from firebase_admin import credentials as fb_credentials
from firebase_admin import exceptions as fb_exceptions
from firebase_admin import messaging
from firebase_admin._http_client import METRICS_HEADERS  # type: ignore[import-untyped]

from streamz.adapters.prometheus.metrics import count_sends
from streamz.ports.notification_delivery import (
    MAX_PUSH_BATCH,
    PushMessage,
    SendOutcome,
    SendResult,
)

GOOGLE_FCM_URL = "https://fcm.googleapis.com"

_INVALID_TOKEN_TYPES: tuple[type[Exception], ...] = (
    messaging.UnregisteredError,
    messaging.SenderIdMismatchError,
)
_RETRY_TYPES: tuple[type[Exception], ...] = (
    messaging.QuotaExceededError,
    fb_exceptions.ResourceExhaustedError,
    fb_exceptions.UnavailableError,
    fb_exceptions.InternalError,
    fb_exceptions.DeadlineExceededError,
    fb_exceptions.AbortedError,
)


class _AnonymousCredential(fb_credentials.Base):  # type: ignore[misc]
    """For a local fake: no token, no Google call."""

    def get_credential(self) -> google.auth.credentials.Credentials:
        return google.auth.credentials.AnonymousCredentials()  # type: ignore[no-untyped-call]


class _GoogleAuth(httpx.Auth):
    """Bearer token from a Google credential, refreshed when due (and once on a 401)."""

    def __init__(self, credential: google.auth.credentials.Credentials) -> None:
        self._credential = credential
        self._transport = google.auth.transport.requests.Request()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self._credential.before_request(  # type: ignore[no-untyped-call]
            self._transport, request.method, str(request.url), request.headers
        )
        response = yield request
        if response.status_code == 401:
            self._credential.refresh(self._transport)  # type: ignore[no-untyped-call]
            self._credential.apply(request.headers)  # type: ignore[no-untyped-call]
            yield request


class _HttpClient:
    """What ``_MessagingService`` needs of its async client: ``request`` raising on 4xx/5xx."""

    def __init__(self, client: httpx.AsyncClient, concurrency: int) -> None:
        self.client = client
        # at most one request per pooled connection inside httpx: its pool scans every waiting
        # request on each release, so 500 queued requests cost more CPU than the requests
        self._slots = asyncio.Semaphore(concurrency)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async with self._slots:
            response = await self.client.request(method, url, **kwargs)
        return response.raise_for_status()

    async def close(self) -> None:
        await self.client.aclose()


def to_fcm(message: PushMessage) -> Any:
    """A ``messaging.Message``: notification + data; collapse key and TTL for Android and APNs."""
    android = apns = None
    if message.collapse_key is not None or message.ttl_seconds is not None:
        ttl = None if message.ttl_seconds is None else timedelta(seconds=message.ttl_seconds)
        android = messaging.AndroidConfig(collapse_key=message.collapse_key, ttl=ttl)
        headers: dict[str, str] = {}
        if message.collapse_key is not None:
            headers["apns-collapse-id"] = message.collapse_key[:64]
        if message.ttl_seconds is not None:  # APNs wants an expiry time; 0 = try once
            expiry = int(time.time()) + message.ttl_seconds if message.ttl_seconds else 0
            headers["apns-expiration"] = str(expiry)
        apns = messaging.APNSConfig(headers=headers)
    fcm_message = messaging.Message(
        notification=messaging.Notification(title=message.title, body=message.body),
        data=dict(message.data) or None,
        android=android,
        apns=apns,
    )
    # a device's FCM registration token: FCM v1's ``message.token``. firebase-admin 7 prefers
    # installation ids (``fid``) and warns when ``token=`` is passed to the constructor.
    fcm_message.token = message.token
    return fcm_message


def _retry_after(error: Exception) -> float | None:
    response = getattr(error, "http_response", None)
    if response is None:
        return None
    raw = response.headers.get("retry-after")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def classify(error: Exception) -> SendResult:
    """An FCM error as an outcome: dead token, try again later, or permanent failure."""
    reason = f"{type(error).__name__}: {error}"[:300]
    if isinstance(error, _INVALID_TOKEN_TYPES):
        return SendResult(SendOutcome.INVALID_TOKEN, error=reason)
    if isinstance(error, fb_exceptions.InvalidArgumentError):
        if "registration token" in str(error).lower():
            return SendResult(SendOutcome.INVALID_TOKEN, error=reason)
        return SendResult(SendOutcome.FAILED, error=reason)
    if isinstance(error, _RETRY_TYPES):
        return SendResult(SendOutcome.RETRY, error=reason, retry_after=_retry_after(error))
    if isinstance(error, fb_exceptions.UnknownError):
        cause = getattr(error, "cause", None)
        if isinstance(cause, httpx.TransportError):
            return SendResult(SendOutcome.RETRY, error=reason)
        response = getattr(error, "http_response", None)
        if response is not None and response.status_code >= 500:
            return SendResult(SendOutcome.RETRY, error=reason, retry_after=_retry_after(error))
    return SendResult(SendOutcome.FAILED, error=reason)


class FcmPushSender:
    def __init__(
        self,
        *,
        project_id: str,
        url: str | None = None,
        credentials_file: Path | None = None,
        timeout: float = 10.0,
        max_connections: int = 16,
    ) -> None:
        """``url``: FCM's base URL (a fake's, e.g. ``http://127.0.0.1:9099``); ``None`` is
        Google's. Without ``credentials_file``: anonymous when ``url`` is set, else Google's
        application default credentials."""
        if credentials_file is not None:
            credential: Any = fb_credentials.Certificate(str(credentials_file))
        elif url is not None:
            credential = _AnonymousCredential()
        else:
            credential = fb_credentials.ApplicationDefault()
        self._app = firebase_admin.initialize_app(
            credential,
            {"projectId": project_id, "httpTimeout": timeout},
            name=f"streamz-fcm-{uuid.uuid4().hex}",
        )
        self._project_id = project_id
        self._base = (url or GOOGLE_FCM_URL).rstrip("/")
        self._timeout = timeout
        self._max_connections = max_connections
        self._service: Any = None
        self._http: _HttpClient | None = None

    @property
    def url(self) -> str:
        return f"{self._base}/v1/projects/{self._project_id}/messages:send"

    def _messaging(self) -> Any:
        """Built on first use: a credential may need files or metadata servers."""
        if self._service is None:
            service = messaging._MessagingService(self._app)
            service._client.close()  # the sync client (requests) is never used
            google_credential = service._credential
            anonymous = isinstance(google_credential, google.auth.credentials.AnonymousCredentials)
            limits = httpx.Limits(
                max_connections=self._max_connections,
                max_keepalive_connections=self._max_connections,
                keepalive_expiry=30.0,
            )
            self._http = _HttpClient(
                httpx.AsyncClient(
                    http2=self._base.startswith("https://"),
                    # a request of a batch may wait for a pooled connection: not FCM's fault
                    timeout=httpx.Timeout(self._timeout, pool=max(60.0, self._timeout)),
                    limits=limits,
                    headers=dict(METRICS_HEADERS),
                    auth=None if anonymous else _GoogleAuth(google_credential),
                ),
                self._max_connections,
            )
            service._async_client = self._http
            service._fcm_url = self.url
            self._service = service
        return self._service

    async def send(self, messages: Sequence[PushMessage]) -> list[SendResult]:
        results = await self._send(messages)
        count_sends("fcm", results)
        return results

    async def _send(self, messages: Sequence[PushMessage]) -> list[SendResult]:
        if len(messages) > MAX_PUSH_BATCH:
            raise ValueError(f"at most {MAX_PUSH_BATCH} push messages per call")
        if not messages:
            return []
        results: list[SendResult | None] = [None] * len(messages)
        fcm_messages: list[Any] = []
        positions: list[int] = []
        for index, message in enumerate(messages):
            try:
                fcm_messages.append(to_fcm(message))
                positions.append(index)
            except (ValueError, TypeError) as error:  # malformed: never retried
                results[index] = SendResult(SendOutcome.FAILED, error=f"invalid message: {error}")
        service = self._messaging()
        try:
            try:
                batch = await service.send_each_async(fcm_messages, dry_run=False)
            except (ValueError, TypeError):
                # one malformed message fails the whole batch's encoding: find it, send the rest
                valid: list[int] = []
                for slot, fcm_message in enumerate(fcm_messages):
                    try:
                        messaging._MessagingService.encode_message(fcm_message)
                        valid.append(slot)
                    except (ValueError, TypeError) as error:
                        results[positions[slot]] = SendResult(
                            SendOutcome.FAILED, error=f"invalid message: {error}"
                        )
                fcm_messages = [fcm_messages[slot] for slot in valid]
                positions = [positions[slot] for slot in valid]
                batch = await service.send_each_async(fcm_messages, dry_run=False)
        except fb_exceptions.FirebaseError as error:  # the batch as a whole
            failed = classify(error)
            return [r or failed for r in results]
        for index, response in zip(positions, batch.responses, strict=True):
            if response.success:
                results[index] = SendResult(SendOutcome.SENT, provider_id=response.message_id)
            else:
                results[index] = classify(response.exception)
        return [r or SendResult(SendOutcome.FAILED, error="no answer") for r in results]

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()
        firebase_admin.delete_app(self._app)

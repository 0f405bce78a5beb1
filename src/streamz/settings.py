"""The one settings object, read from ``STREAMZ_*`` environment variables and checked at start."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """Settings that are missing or malformed; the message names each variable."""


LOCAL_ISSUER = "streamz-local"  # `iss` of tokens from the embedded local issuer
LOCAL_AUDIENCE = "streamz"  # `aud` of the local issuer's tokens unless STREAMZ_JWT_AUDIENCE says


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    redis_url: str | None = None
    typesense_url: str | None = None
    typesense_api_key: str | None = None
    jwks_url: str | None = None  # None: the local issuer signs and verifies session tokens
    jwt_issuer: str | None = None
    jwt_audience: str | None = None  # required with jwks_url; local issuer: LOCAL_AUDIENCE
    ory_webhook_key: str | None = None  # None in local mode: generated once in data_dir
    db_pool_size: int = 10
    # Redis commands and connects give up after this long (503, or the side feature skipped)
    redis_timeout_ms: int = 1000  # outages (issue 14)
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    log_json: bool = True
    server: str = "granian"
    workers: int = 1
    public_rate_limit: int = 600  # requests per minute per API token, account or client IP
    # --- abuse limits (issue 14) ---
    # X-Forwarded-For is read only from peers in these networks (CIDRs); empty: trust nobody
    trusted_proxies: tuple[str, ...] = ()
    private_rate_limit: int = 1200  # Private API requests a minute per account, else client IP
    api_token_rate_limit: int = 10  # API tokens created an hour per account
    ws_connections_per_ip: int = 50  # open websocket connections per client IP, all instances
    # --- end abuse limits ---
    object_store: str = "local"  # local: files under data_dir/media; s3: an S3 bucket
    s3_bucket: str | None = None
    s3_region: str = "us-east-1"
    s3_endpoint_url: str | None = None  # S3-compatible servers (MinIO, moto...)
    media_base_url: str | None = None  # None: /media on this server, or the bucket's URL
    # Livepeer Studio. No API key: stream keys and VOD asset deletion answer 503
    # livepeer-not-configured. No webhook secret (only allowed without an API key): one is
    # generated in data_dir (see livepeer_secret).
    livepeer_url: str = "https://livepeer.studio/api"  # or a local fake's URL
    livepeer_api_key: str | None = None
    livepeer_webhook_secret: str | None = None
    livepeer_rtmp_url: str = "rtmp://rtmp.livepeer.com/live"  # ingest base (key appended)
    livepeer_srt_url: str = "srt://rtmp.livepeer.com:2935"  # ?streamid=<key> appended
    livepeer_playback_url: str = "https://livepeercdn.studio/hls"  # /<playbackId>/index.m3u8
    igdb_webhook_secret: str | None = None  # IGDB webhooks' X-Secret; None: local mode makes one
    # --- search (issue 7) ---
    # Typesense collections are named {search_prefix}_{kind}[_v{n}]; a search waits at most
    # search_timeout seconds for Typesense before answering 503.
    search_prefix: str = "streamz"
    search_timeout: float = 2.0
    # --- end search ---
    # --- notification delivery (issue 8, providers): FCM push, SES email, provider guards ---
    fcm_project_id: str = "streamz-local"
    fcm_url: str | None = None  # FCM base URL (a local fake); None: Google's, with credentials
    fcm_credentials_file: Path | None = None  # service account JSON; None: anonymous (fake) / ADC
    fcm_timeout_seconds: int = 10
    fcm_max_connections: int = 16  # HTTP connections (= requests in flight) to FCM per process
    fcm_rate_per_minute: int = 600_000  # global token bucket shared by every worker
    fcm_burst: int = 10_000  # bucket size; at least one batch (500)
    email_provider: str = "log"  # log: structlog only; ses: SESv2 (or SES_ENDPOINT_URL)
    ses_region: str = "us-east-1"
    ses_endpoint_url: str | None = None  # a local SES emulator (moto); implies email_provider ses
    ses_from_address: str = "Streamz <no-reply@streamz.local>"
    ses_configuration_set: str | None = None
    ses_rate_per_second: int = 14  # the account's maximum send rate
    ses_timeout_seconds: int = 10
    breaker_consecutive_failures: int = 10  # open after this many failures in a row...
    breaker_failure_percent: int = 50  # ...or this share of failures in the window...
    breaker_min_calls: int = 20  # ...once the window holds this many calls
    breaker_window_seconds: int = 30
    breaker_open_seconds: int = 30  # then one probe call decides: close, or open again
    # --- end notification delivery ---
    # --- notifications pipeline (issue 8, pipeline) ---
    notifications_page_size: int = 1000  # recipients per expansion job
    notifications_quiet_cap: int = 20  # pushes per account per hour before the digest
    notifications_lease_seconds: int = 120  # a claimed send batch is its job's until then
    notifications_stale_seconds: int = 120  # pending work older than this is queued again
    notifications_max_attempts: int = 6  # then the delivery is dead (staff can retry)
    notifications_unsubscribe_secret: str | None = None  # None: generated in data_dir
    notifications_public_url: str | None = None  # base of unsubscribe links; None: host:port
    # --- end notifications pipeline ---

    @property
    def unsubscribe_secret(self) -> str:
        """The HMAC key of unsubscribe links: configured, or made once in data_dir."""
        if self.notifications_unsubscribe_secret:
            return self.notifications_unsubscribe_secret
        path = self.data_dir / "unsubscribe-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip()

    @property
    def external_services(self) -> bool:
        return self.database_url is not None

    @property
    def local_issuer(self) -> bool:
        return self.jwks_url is None

    @property
    def issuer(self) -> str:
        """The expected ``iss``. The local issuer's does not depend on the port, so instances
        sharing a data dir (one key) accept each other's tokens."""
        return self.jwt_issuer or LOCAL_ISSUER

    @property
    def audience(self) -> str:
        """The ``aud`` every session token must carry: configured, or the local issuer's
        (``streamz``). With a JWKS URL it must be configured (``from_env`` refuses to start
        without it), so tokens Ory mints for other services are never accepted here."""
        if self.jwt_audience:
            return self.jwt_audience
        if not self.local_issuer:
            raise SettingsError("STREAMZ_JWT_AUDIENCE is required with STREAMZ_JWKS_URL")
        return LOCAL_AUDIENCE

    @property
    def redis_timeout(self) -> float:
        """Seconds a Redis command or connect may take (``STREAMZ_REDIS_TIMEOUT_MS``)."""
        return self.redis_timeout_ms / 1000

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def media_url(self) -> str:
        """The public base URL of stored media (images), without a trailing slash."""
        if self.media_base_url:
            return self.media_base_url.rstrip("/")
        if self.object_store == "s3":
            if self.s3_endpoint_url:
                return f"{self.s3_endpoint_url.rstrip('/')}/{self.s3_bucket}"
            return f"https://{self.s3_bucket}.s3.{self.s3_region}.amazonaws.com"
        return f"http://{self.host}:{self.port}/media"

    def with_services(
        self, database_url: str, redis_url: str, typesense_url: str, typesense_api_key: str
    ) -> Settings:
        return replace(
            self,
            database_url=database_url,
            redis_url=redis_url,
            typesense_url=typesense_url,
            typesense_api_key=typesense_api_key,
        )

    def webhook_key(self) -> str:
        """The Ory webhook API key: configured, or in local mode generated once and kept."""
        if self.ory_webhook_key:
            return self.ory_webhook_key
        path = self.data_dir / "ory-webhook-key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip()

    def livepeer_secret(self) -> str:
        """The Livepeer webhook's shared secret: configured, or (without one, as in local
        development) generated once in data_dir and kept, so a local fake can sign with it."""
        if self.livepeer_webhook_secret:
            return self.livepeer_webhook_secret
        path = self.data_dir / "livepeer-webhook-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        problems: list[str] = []

        def get(name: str) -> str | None:
            value = env.get(f"STREAMZ_{name}", "").strip()
            return value or None

        def number(name: str, default: int, low: int, high: int) -> int:
            raw = get(name)
            if raw is None:
                return default
            try:
                value = int(raw)
            except ValueError:
                problems.append(f"STREAMZ_{name}={raw!r} is not a whole number")
                return default
            if not low <= value <= high:
                problems.append(f"STREAMZ_{name}={value} must be between {low} and {high}")
            return value

        def url(name: str, schemes: tuple[str, ...]) -> str | None:
            raw = get(name)
            if raw is not None:
                parts = urlsplit(raw)
                if parts.scheme not in schemes or not parts.hostname:
                    problems.append(f"STREAMZ_{name}={raw!r} must be a {'/'.join(schemes)} URL")
            return raw

        database_url = url("DATABASE_URL", ("postgresql+asyncpg", "postgresql", "postgres"))
        if database_url and not database_url.startswith("postgresql+asyncpg"):
            database_url = "postgresql+asyncpg" + database_url[database_url.index(":") :]
        redis_url = url("REDIS_URL", ("redis", "rediss"))
        typesense_url = url("TYPESENSE_URL", ("http", "https"))
        external = [database_url, redis_url, typesense_url]
        if any(external) and not all(external):
            problems.append(
                "set all of STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL, "
                "or none of them to use the embedded local services"
            )
        if typesense_url and not get("TYPESENSE_API_KEY"):
            problems.append("STREAMZ_TYPESENSE_API_KEY is required with STREAMZ_TYPESENSE_URL")
        jwks_url = url("JWKS_URL", ("http", "https"))
        if jwks_url and not get("ORY_WEBHOOK_KEY"):
            problems.append("STREAMZ_ORY_WEBHOOK_KEY is required with STREAMZ_JWKS_URL")
        if jwks_url and not get("JWT_AUDIENCE"):
            problems.append(
                "STREAMZ_JWT_AUDIENCE is required with STREAMZ_JWKS_URL (the `aud` that the "
                "identity provider puts in session tokens for Streamz; tokens without it or "
                "for another audience are refused)"
            )
        server = get("SERVER") or "granian"
        if server not in {"uvicorn", "granian"}:
            problems.append(f"STREAMZ_SERVER={server!r} must be uvicorn or granian")
        log_json = (get("LOG_JSON") or "true").lower()
        if log_json not in {"1", "true", "yes", "0", "false", "no"}:
            problems.append(f"STREAMZ_LOG_JSON={log_json!r} must be true or false")
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            problems.append(f"STREAMZ_LOG_LEVEL={log_level!r} is not a log level")
        media = _media_settings(get, url, problems)
        livepeer = _livepeer_settings(get, url, problems)
        delivery = _delivery_settings(get, url, number, problems)  # notification delivery
        notifications = _notifications_settings(get, url, number)  # notifications pipeline

        settings = cls(
            data_dir=Path(get("DATA_DIR") or ".streamz").resolve(),
            host=get("HOST") or "127.0.0.1",
            port=number("PORT", 8000, 1, 65535),
            database_url=database_url,
            redis_url=redis_url,
            typesense_url=typesense_url,
            typesense_api_key=get("TYPESENSE_API_KEY"),
            jwks_url=jwks_url,
            jwt_issuer=get("JWT_ISSUER"),
            jwt_audience=get("JWT_AUDIENCE"),
            ory_webhook_key=get("ORY_WEBHOOK_KEY"),
            db_pool_size=number("DB_POOL_SIZE", 10, 1, 500),
            redis_timeout_ms=number("REDIS_TIMEOUT_MS", 1000, 50, 60_000),  # outages (issue 14)
            max_body_bytes=number("MAX_BODY_BYTES", 1_048_576, 1024, 100 * 1_048_576),
            log_level=log_level,
            log_json=log_json in {"1", "true", "yes"},
            server=server,
            workers=number("WORKERS", 1, 1, 64),
            public_rate_limit=number("PUBLIC_RATE_LIMIT", 600, 1, 1_000_000),
            **_abuse_settings(get, number, problems),  # abuse limits (issue 14)
            igdb_webhook_secret=get("IGDB_WEBHOOK_SECRET"),
            search_prefix=get("SEARCH_PREFIX") or "streamz",  # search (issue 7)
            **media,
            **livepeer,
            **delivery,
            **notifications,  # notifications pipeline
        )
        if problems:
            raise SettingsError("invalid settings:\n  - " + "\n  - ".join(problems))
        return settings


# --- abuse limits (issue 14) ---
def _abuse_settings(
    get: Callable[[str], str | None],
    number: Callable[[str, int, int, int], int],
    problems: list[str],
) -> dict[str, Any]:
    """Trusted proxies (CIDRs or addresses, comma-separated) and the request/connection caps."""
    proxies: list[str] = []
    for raw in (get("TRUSTED_PROXIES") or "").split(","):
        item = raw.strip()
        if not item:
            continue
        try:
            proxies.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            problems.append(f"STREAMZ_TRUSTED_PROXIES: {item!r} is not a CIDR or an address")
    return {
        "trusted_proxies": tuple(proxies),
        "private_rate_limit": number("PRIVATE_RATE_LIMIT", 1200, 1, 1_000_000),
        "api_token_rate_limit": number("API_TOKEN_RATE_LIMIT", 10, 1, 1_000_000),
        "ws_connections_per_ip": number("WS_CONNECTIONS_PER_IP", 50, 1, 1_000_000),
    }


# --- end abuse limits ---


def _media_settings(
    get: Callable[[str], str | None],
    url: Callable[[str, tuple[str, ...]], str | None],
    problems: list[str],
) -> dict[str, Any]:
    """The object store: ``local`` (files under the data dir) or ``s3`` (a bucket)."""
    object_store = (get("OBJECT_STORE") or "local").lower()
    if object_store not in {"local", "s3"}:
        problems.append(f"STREAMZ_OBJECT_STORE={object_store!r} must be local or s3")
    s3_bucket = get("S3_BUCKET")
    if object_store == "s3" and not s3_bucket:
        problems.append("STREAMZ_S3_BUCKET is required with STREAMZ_OBJECT_STORE=s3")
    s3_region = get("S3_REGION") or "us-east-1"
    if not all(part.isalnum() and part.isascii() for part in s3_region.split("-")):
        problems.append(f"STREAMZ_S3_REGION={s3_region!r} is not a region name")
    return {
        "object_store": object_store,
        "s3_bucket": s3_bucket,
        "s3_region": s3_region,
        "s3_endpoint_url": url("S3_ENDPOINT_URL", ("http", "https")),
        "media_base_url": url("MEDIA_BASE_URL", ("http", "https")),
    }


def _livepeer_settings(
    get: Callable[[str], str | None],
    url: Callable[[str, tuple[str, ...]], str | None],
    problems: list[str],
) -> dict[str, Any]:
    """Livepeer Studio: the API (or a local fake), its key, the webhook secret, ingest URLs."""
    api_key = get("LIVEPEER_API_KEY")
    secret = get("LIVEPEER_WEBHOOK_SECRET")
    if api_key and not secret:
        problems.append(
            "STREAMZ_LIVEPEER_WEBHOOK_SECRET is required with STREAMZ_LIVEPEER_API_KEY "
            "(the shared secret of the Livepeer webhook)"
        )
    values: dict[str, Any] = {"livepeer_api_key": api_key, "livepeer_webhook_secret": secret}
    for name, schemes in (
        ("LIVEPEER_URL", ("http", "https")),
        ("LIVEPEER_RTMP_URL", ("rtmp", "rtmps")),
        ("LIVEPEER_SRT_URL", ("srt",)),
        ("LIVEPEER_PLAYBACK_URL", ("http", "https")),
    ):
        value = url(name, schemes)
        if value is not None:
            values[name.lower()] = value.rstrip("/")
    return values


# --- notification delivery (issue 8, providers) ---
def _delivery_settings(
    get: Callable[[str], str | None],
    url: Callable[[str, tuple[str, ...]], str | None],
    number: Callable[[str, int, int, int], int],
    problems: list[str],
) -> dict[str, Any]:
    """FCM (push), SES (email) and the rate limits and circuit breaker around them."""
    ses_endpoint_url = url("SES_ENDPOINT_URL", ("http", "https"))
    email_provider = (get("EMAIL_PROVIDER") or ("ses" if ses_endpoint_url else "log")).lower()
    if email_provider not in {"log", "ses"}:
        problems.append(f"STREAMZ_EMAIL_PROVIDER={email_provider!r} must be log or ses")
    credentials = get("FCM_CREDENTIALS_FILE")
    if credentials and not Path(credentials).is_file():
        problems.append(f"STREAMZ_FCM_CREDENTIALS_FILE={credentials!r} is not a file")
    fcm_url = url("FCM_URL", ("http", "https"))
    values: dict[str, Any] = {
        "fcm_project_id": get("FCM_PROJECT_ID") or "streamz-local",
        "fcm_url": fcm_url.rstrip("/") if fcm_url else None,
        "fcm_credentials_file": Path(credentials) if credentials else None,
        "fcm_timeout_seconds": number("FCM_TIMEOUT_SECONDS", 10, 1, 300),
        "fcm_max_connections": number("FCM_MAX_CONNECTIONS", 16, 1, 10_000),
        "fcm_rate_per_minute": number("FCM_RATE_PER_MINUTE", 600_000, 1, 100_000_000),
        "fcm_burst": number("FCM_BURST", 10_000, 500, 10_000_000),
        "email_provider": email_provider,
        "ses_region": get("SES_REGION") or "us-east-1",
        "ses_endpoint_url": ses_endpoint_url,
        "ses_from_address": get("SES_FROM_ADDRESS") or "Streamz <no-reply@streamz.local>",
        "ses_configuration_set": get("SES_CONFIGURATION_SET"),
        "ses_rate_per_second": number("SES_RATE_PER_SECOND", 14, 1, 1_000_000),
        "ses_timeout_seconds": number("SES_TIMEOUT_SECONDS", 10, 1, 300),
        "breaker_consecutive_failures": number("BREAKER_CONSECUTIVE_FAILURES", 10, 1, 100_000),
        "breaker_failure_percent": number("BREAKER_FAILURE_PERCENT", 50, 1, 100),
        "breaker_min_calls": number("BREAKER_MIN_CALLS", 20, 1, 1_000_000),
        "breaker_window_seconds": number("BREAKER_WINDOW_SECONDS", 30, 1, 86_400),
        "breaker_open_seconds": number("BREAKER_OPEN_SECONDS", 30, 1, 86_400),
    }
    return values


# --- end notification delivery ---


# --- notifications pipeline (issue 8, pipeline) ---
def _notifications_settings(
    get: Callable[[str], str | None],
    url: Callable[[str, tuple[str, ...]], str | None],
    number: Callable[[str, int, int, int], int],
) -> dict[str, Any]:
    public_url = url("NOTIFICATIONS_PUBLIC_URL", ("http", "https"))
    return {
        "notifications_page_size": number("NOTIFICATIONS_PAGE_SIZE", 1000, 10, 100_000),
        "notifications_quiet_cap": number("NOTIFICATIONS_QUIET_CAP", 20, 1, 100_000),
        "notifications_lease_seconds": number("NOTIFICATIONS_LEASE_SECONDS", 120, 1, 3600),
        "notifications_stale_seconds": number("NOTIFICATIONS_STALE_SECONDS", 120, 1, 86_400),
        "notifications_max_attempts": number("NOTIFICATIONS_MAX_ATTEMPTS", 6, 1, 100),
        "notifications_unsubscribe_secret": get("NOTIFICATIONS_UNSUBSCRIBE_SECRET"),
        "notifications_public_url": public_url.rstrip("/") if public_url else None,
    }


# --- end notifications pipeline ---

"""The one settings object, read from ``STREAMZ_*`` environment variables and checked at start.

Settings are grouped by concern (``settings.http``, ``settings.database``, ``settings.fcm``...),
each group a frozen dataclass whose fields declare their variable, default and check once, in
``_var(...)``. ``Settings.from_env`` reads every declared variable the same way, then checks the
rules that span variables; every problem is reported at once, each naming its variable.
``Settings.variables()`` lists the variables (README's Configuration table is tested against it).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import Field, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """Settings that are missing or malformed; the message names each variable."""


LOCAL_ISSUER = "streamz-local"  # `iss` of tokens from the embedded local issuer
LOCAL_AUDIENCE = "streamz"  # `aud` of the local issuer's tokens unless STREAMZ_JWT_AUDIENCE says

# A variable's text (stripped, never blank) to its value; problems are appended, named.
Parse = Callable[[str, str, list[str]], Any]


@dataclass(frozen=True, slots=True)
class Var:
    """How one field is read: its variable, and how the text becomes the value."""

    name: str
    parse: Parse
    fallback: str | None = None  # text used when unset, for a field without a default


def _var(name: str, default: Any, parse: Parse | None = None) -> Any:
    """A field read from ``name``; unset or blank: ``default``."""
    return field(default=default, metadata={"var": Var(name, parse or _text)})


def _text(_name: str, raw: str, _problems: list[str]) -> str:
    return raw


def _whole(low: int, high: int) -> Parse:
    def parse(name: str, raw: str, problems: list[str]) -> int | None:
        try:
            value = int(raw)
        except ValueError:
            problems.append(f"{name}={raw!r} is not a whole number")
            return None
        if not low <= value <= high:
            problems.append(f"{name}={value} must be between {low} and {high}")
        return value

    return parse


def _url(*schemes: str, trim: bool = False) -> Parse:
    """A URL with one of ``schemes`` and a host; ``trim``: without a trailing slash."""

    def parse(name: str, raw: str, problems: list[str]) -> str:
        parts = urlsplit(raw)
        if parts.scheme not in schemes or not parts.hostname:
            problems.append(f"{name}={raw!r} must be a {'/'.join(schemes)} URL")
        return raw.rstrip("/") if trim else raw

    return parse


def _choice(
    *options: str, case: Callable[[str], str] | None = None, complaint: str | None = None
) -> Parse:
    def parse(name: str, raw: str, problems: list[str]) -> str:
        value = case(raw) if case else raw
        if value not in options:
            problems.append(f"{name}={value!r} {complaint or 'must be ' + ' or '.join(options)}")
        return value

    return parse


def _flag(name: str, raw: str, problems: list[str]) -> bool:
    value = raw.lower()
    if value not in {"1", "true", "yes", "0", "false", "no"}:
        problems.append(f"{name}={value!r} must be true or false")
    return value in {"1", "true", "yes"}


def _directory(_name: str, raw: str, _problems: list[str]) -> Path:
    return Path(raw).resolve()


def _file(name: str, raw: str, problems: list[str]) -> Path:
    if not Path(raw).is_file():
        problems.append(f"{name}={raw!r} is not a file")
    return Path(raw)


def _networks(name: str, raw: str, problems: list[str]) -> tuple[str, ...]:
    """CIDRs or addresses, comma-separated, each kept as a network."""
    networks: list[str] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            problems.append(f"{name}: {item!r} is not a CIDR or an address")
    return tuple(networks)


def _region(name: str, raw: str, problems: list[str]) -> str:
    if not all(part.isalnum() and part.isascii() for part in raw.split("-")):
        problems.append(f"{name}={raw!r} is not a region name")
    return raw


def _url_list(*schemes: str) -> Parse:
    """One or more URLs, comma-separated, each with one of ``schemes`` and a host."""
    check = _url(*schemes)

    def parse(name: str, raw: str, problems: list[str]) -> str:
        items = [item.strip() for item in raw.split(",")]
        if not all(items):
            problems.append(f"{name}={raw!r} has an empty item (URLs separated by commas)")
        for item in filter(None, items):
            check(name, item, problems)
        return ",".join(filter(None, items))

    return parse


def _redis_url(name: str, raw: str, problems: list[str]) -> str:
    """One Redis server, Sentinels and a master name, or Cluster nodes (adapters/redis/urls)."""
    from streamz.adapters.redis.urls import parse  # stdlib only

    try:
        parse(raw)
    except ValueError as error:
        problems.append(f"{name}={raw!r} {error}")
    return raw


def _origins(*, wildcard: bool) -> Parse:
    """Browser origins (``scheme://host[:port]``), comma-separated; ``wildcard``: ``*`` allowed
    (any origin)."""

    def parse(name: str, raw: str, problems: list[str]) -> tuple[str, ...]:
        origins: list[str] = []
        for item in (part.strip() for part in raw.split(",")):
            if not item:
                continue
            if item == "*" and wildcard:
                origins.append(item)
                continue
            parts = urlsplit(item)
            if (
                parts.scheme not in {"http", "https"}
                or not parts.hostname
                or parts.path not in {"", "/"}
                or parts.query
                or parts.fragment
                or parts.username
            ):
                problems.append(f"{name}: {item!r} is not an origin like https://app.example.com")
                continue
            origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
        return tuple(origins)

    return parse


def _database_url(name: str, raw: str, problems: list[str]) -> str:
    """A PostgreSQL URL, rewritten for asyncpg (``postgresql+asyncpg://``)."""
    url: str = _url("postgresql+asyncpg", "postgresql", "postgres")(name, raw, problems)
    if not url.startswith("postgresql+asyncpg") and ":" in url:
        url = "postgresql+asyncpg" + url[url.index(":") :]
    return url


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """Where and how the API listens."""

    host: str = _var("STREAMZ_HOST", "127.0.0.1")
    port: int = _var("STREAMZ_PORT", 8000, _whole(1, 65535))
    server: str = _var("STREAMZ_SERVER", "granian", _choice("uvicorn", "granian"))
    workers: int = _var("STREAMZ_WORKERS", 1, _whole(1, 64))
    max_body_bytes: int = _var("STREAMZ_MAX_BODY_BYTES", 1_048_576, _whole(1024, 100 * 1_048_576))
    # X-Forwarded-For is read only from peers in these networks; empty: trust nobody
    trusted_proxies: tuple[str, ...] = _var("STREAMZ_TRUSTED_PROXIES", (), _networks)
    # browser origins allowed to call the Public API (CORS); empty: no CORS headers at all
    cors_origins: tuple[str, ...] = _var("STREAMZ_CORS_ORIGINS", (), _origins(wildcard=True))
    # our own web apps' origins, for the Private and Admin APIs; no wildcard
    private_cors_origins: tuple[str, ...] = _var(
        "STREAMZ_PRIVATE_CORS_ORIGINS", (), _origins(wildcard=False)
    )


@dataclass(frozen=True, slots=True)
class LogSettings:
    level: str = _var(
        "STREAMZ_LOG_LEVEL",
        "INFO",
        _choice(
            "DEBUG", "INFO", "WARNING", "ERROR", case=str.upper, complaint="is not a log level"
        ),
    )
    json: bool = _var("STREAMZ_LOG_JSON", True, _flag)


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    url: str | None = _var("STREAMZ_DATABASE_URL", None, _database_url)  # None: local services
    pool_size: int = _var("STREAMZ_DB_POOL_SIZE", 10, _whole(1, 500))  # per process


@dataclass(frozen=True, slots=True)
class RedisSettings:
    # redis://, rediss://, redis+sentinel://h:26379,h2:26379/master[/db], redis+cluster://h:p,h2:p
    url: str | None = _var("STREAMZ_REDIS_URL", None, _redis_url)
    # SAQ's queue on its own Redis (required when STREAMZ_REDIS_URL is a Cluster); None: the same
    queue_url: str | None = _var("STREAMZ_QUEUE_REDIS_URL", None, _redis_url)
    # commands and connects give up after this long (503, or the side feature skipped)
    timeout_ms: int = _var("STREAMZ_REDIS_TIMEOUT_MS", 1000, _whole(50, 60_000))

    @property
    def timeout(self) -> float:
        """Seconds a Redis command or connect may take."""
        return self.timeout_ms / 1000

    @property
    def queue(self) -> str | None:
        """The Redis of SAQ's queue (the worker's jobs)."""
        return self.queue_url or self.url


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """Typesense. Collections are named ``{prefix}_{kind}[_v{n}]``."""

    # one node's URL, or a cluster's nodes separated by commas
    url: str | None = _var("STREAMZ_TYPESENSE_URL", None, _url_list("http", "https"))
    api_key: str | None = _var("STREAMZ_TYPESENSE_API_KEY", None)
    prefix: str = _var("STREAMZ_SEARCH_PREFIX", "streamz")
    # a search waits at most this long for Typesense, then answers 503
    timeout_ms: int = _var("STREAMZ_SEARCH_TIMEOUT_MS", 2000, _whole(50, 60_000))

    @property
    def timeout(self) -> float:
        return self.timeout_ms / 1000

    @property
    def nodes(self) -> tuple[str, ...]:
        """The Typesense nodes' URLs, without a trailing slash."""
        return tuple(item.rstrip("/") for item in (self.url or "").split(",") if item)


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """Session tokens (Ory's JWKS, or the local issuer) and Ory's webhook."""

    jwks_url: str | None = _var("STREAMZ_JWKS_URL", None, _url("http", "https"))  # None: local
    jwt_issuer: str | None = _var("STREAMZ_JWT_ISSUER", None)
    jwt_audience: str | None = _var("STREAMZ_JWT_AUDIENCE", None)  # required with jwks_url
    ory_webhook_key: str | None = _var("STREAMZ_ORY_WEBHOOK_KEY", None)  # None: local, generated

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


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """Request and connection caps (429 or close 4029 past them)."""

    public_per_minute: int = _var("STREAMZ_PUBLIC_RATE_LIMIT", 600, _whole(1, 1_000_000))
    private_per_minute: int = _var("STREAMZ_PRIVATE_RATE_LIMIT", 1200, _whole(1, 1_000_000))
    api_tokens_per_hour: int = _var("STREAMZ_API_TOKEN_RATE_LIMIT", 10, _whole(1, 1_000_000))
    ws_connections_per_ip: int = _var("STREAMZ_WS_CONNECTIONS_PER_IP", 50, _whole(1, 1_000_000))


@dataclass(frozen=True, slots=True)
class MediaSettings:
    """The object store of uploaded images: ``local`` (files under data_dir/media) or ``s3``."""

    store: str = _var("STREAMZ_OBJECT_STORE", "local", _choice("local", "s3", case=str.lower))
    s3_bucket: str | None = _var("STREAMZ_S3_BUCKET", None)
    s3_region: str = _var("STREAMZ_S3_REGION", "us-east-1", _region)
    s3_endpoint_url: str | None = _var("STREAMZ_S3_ENDPOINT_URL", None, _url("http", "https"))
    # None: /media on this server, or the bucket's URL
    base_url: str | None = _var("STREAMZ_MEDIA_BASE_URL", None, _url("http", "https"))


@dataclass(frozen=True, slots=True)
class LivepeerSettings:
    """Livepeer Studio. No API key: stream keys and VOD asset deletion answer 503
    livepeer-not-configured. No webhook secret (only allowed without an API key): one is
    generated in data_dir (``Settings.livepeer_secret``)."""

    url: str = _var(
        "STREAMZ_LIVEPEER_URL", "https://livepeer.studio/api", _url("http", "https", trim=True)
    )
    api_key: str | None = _var("STREAMZ_LIVEPEER_API_KEY", None)
    webhook_secret: str | None = _var("STREAMZ_LIVEPEER_WEBHOOK_SECRET", None)
    # ingest base (key appended)
    rtmp_url: str = _var(
        "STREAMZ_LIVEPEER_RTMP_URL",
        "rtmp://rtmp.livepeer.com/live",
        _url("rtmp", "rtmps", trim=True),
    )
    # ?streamid=<key> appended
    srt_url: str = _var(
        "STREAMZ_LIVEPEER_SRT_URL", "srt://rtmp.livepeer.com:2935", _url("srt", trim=True)
    )
    # /<playbackId>/index.m3u8 appended
    playback_url: str = _var(
        "STREAMZ_LIVEPEER_PLAYBACK_URL",
        "https://livepeercdn.studio/hls",
        _url("http", "https", trim=True),
    )


@dataclass(frozen=True, slots=True)
class IgdbSettings:
    # IGDB webhooks' X-Secret; None: the local issuer's mode generates one in data_dir
    webhook_secret: str | None = _var("STREAMZ_IGDB_WEBHOOK_SECRET", None)


@dataclass(frozen=True, slots=True)
class FcmSettings:
    """Push notifications through Firebase Cloud Messaging."""

    project_id: str = _var("STREAMZ_FCM_PROJECT_ID", "streamz-local")
    # None: Google's, with credentials (a local fake's URL in development)
    url: str | None = _var("STREAMZ_FCM_URL", None, _url("http", "https", trim=True))
    # service account JSON; None: anonymous (a fake) or Application Default Credentials
    credentials_file: Path | None = _var("STREAMZ_FCM_CREDENTIALS_FILE", None, _file)
    timeout_seconds: int = _var("STREAMZ_FCM_TIMEOUT_SECONDS", 10, _whole(1, 300))
    # HTTP connections (= requests in flight) to FCM per process
    max_connections: int = _var("STREAMZ_FCM_MAX_CONNECTIONS", 16, _whole(1, 10_000))
    # a token bucket shared by every worker; its size is at least one batch (500)
    rate_per_minute: int = _var("STREAMZ_FCM_RATE_PER_MINUTE", 600_000, _whole(1, 100_000_000))
    burst: int = _var("STREAMZ_FCM_BURST", 10_000, _whole(500, 10_000_000))


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """Email: ``log`` (structlog only) or ``ses`` (SESv2; the default when an endpoint is set)."""

    provider: str = _var("STREAMZ_EMAIL_PROVIDER", "log", _choice("log", "ses", case=str.lower))
    ses_region: str = _var("STREAMZ_SES_REGION", "us-east-1")
    # a local SES emulator (moto); implies the ses provider unless one is named
    ses_endpoint_url: str | None = _var("STREAMZ_SES_ENDPOINT_URL", None, _url("http", "https"))
    from_address: str = _var("STREAMZ_SES_FROM_ADDRESS", "Streamz <no-reply@streamz.local>")
    ses_configuration_set: str | None = _var("STREAMZ_SES_CONFIGURATION_SET", None)
    rate_per_second: int = _var("STREAMZ_SES_RATE_PER_SECOND", 14, _whole(1, 1_000_000))
    timeout_seconds: int = _var("STREAMZ_SES_TIMEOUT_SECONDS", 10, _whole(1, 300))


@dataclass(frozen=True, slots=True)
class BreakerSettings:
    """The circuit breaker around push and email providers: open after ``consecutive_failures``
    in a row, or ``failure_percent`` of the last ``window_seconds`` once it holds ``min_calls``;
    after ``open_seconds`` one probe call decides: close, or open again."""

    consecutive_failures: int = _var("STREAMZ_BREAKER_CONSECUTIVE_FAILURES", 10, _whole(1, 100_000))
    failure_percent: int = _var("STREAMZ_BREAKER_FAILURE_PERCENT", 50, _whole(1, 100))
    min_calls: int = _var("STREAMZ_BREAKER_MIN_CALLS", 20, _whole(1, 1_000_000))
    window_seconds: int = _var("STREAMZ_BREAKER_WINDOW_SECONDS", 30, _whole(1, 86_400))
    open_seconds: int = _var("STREAMZ_BREAKER_OPEN_SECONDS", 30, _whole(1, 86_400))


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    """The notifications pipeline: expansion, batching, retries, unsubscribe links."""

    page_size: int = _var("STREAMZ_NOTIFICATIONS_PAGE_SIZE", 1000, _whole(10, 100_000))
    # pushes per account per hour before the digest
    quiet_cap: int = _var("STREAMZ_NOTIFICATIONS_QUIET_CAP", 20, _whole(1, 100_000))
    # a claimed send batch is its job's until then
    lease_seconds: int = _var("STREAMZ_NOTIFICATIONS_LEASE_SECONDS", 120, _whole(1, 3600))
    # pending work older than this is queued again
    stale_seconds: int = _var("STREAMZ_NOTIFICATIONS_STALE_SECONDS", 120, _whole(1, 86_400))
    # then the delivery is dead (staff can retry)
    max_attempts: int = _var("STREAMZ_NOTIFICATIONS_MAX_ATTEMPTS", 6, _whole(1, 100))
    # HMAC key of unsubscribe links; None: generated in data_dir
    unsubscribe_secret: str | None = _var("STREAMZ_NOTIFICATIONS_UNSUBSCRIBE_SECRET", None)
    # base of unsubscribe links; None: this server's host:port
    public_url: str | None = _var(
        "STREAMZ_NOTIFICATIONS_PUBLIC_URL", None, _url("http", "https", trim=True)
    )


@dataclass(frozen=True, slots=True)
class MetricsSettings:
    """Prometheus metrics (docs/operations.md). The API serves ``/metrics`` on its own port."""

    # `streamzctl worker` serves its own /metrics on STREAMZ_HOST at this port; 0: not at all
    worker_port: int = _var("STREAMZ_WORKER_METRICS_PORT", 0, _whole(0, 65535))


@dataclass(frozen=True, slots=True)
class Settings:
    # the local services' data, the local issuer's key, generated secrets, local media
    data_dir: Path = field(
        metadata={"var": Var("STREAMZ_DATA_DIR", _directory, fallback=".streamz")}
    )
    http: HttpSettings = field(default_factory=HttpSettings)
    log: LogSettings = field(default_factory=LogSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    redis: RedisSettings = field(default_factory=RedisSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    media: MediaSettings = field(default_factory=MediaSettings)
    livepeer: LivepeerSettings = field(default_factory=LivepeerSettings)
    igdb: IgdbSettings = field(default_factory=IgdbSettings)
    fcm: FcmSettings = field(default_factory=FcmSettings)
    email: EmailSettings = field(default_factory=EmailSettings)
    breaker: BreakerSettings = field(default_factory=BreakerSettings)
    notifications: NotificationSettings = field(default_factory=NotificationSettings)
    metrics: MetricsSettings = field(default_factory=MetricsSettings)

    @property
    def external_services(self) -> bool:
        return self.database.url is not None

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def media_url(self) -> str:
        """The public base URL of stored media (images), without a trailing slash."""
        media = self.media
        if media.base_url:
            return media.base_url.rstrip("/")
        if media.store == "s3":
            if media.s3_endpoint_url:
                return f"{media.s3_endpoint_url.rstrip('/')}/{media.s3_bucket}"
            return f"https://{media.s3_bucket}.s3.{media.s3_region}.amazonaws.com"
        return f"http://{self.http.host}:{self.http.port}/media"

    def with_services(
        self, database_url: str, redis_url: str, typesense_url: str, typesense_api_key: str
    ) -> Settings:
        return replace(
            self,
            database=replace(self.database, url=database_url),
            redis=replace(self.redis, url=redis_url),
            search=replace(self.search, url=typesense_url, api_key=typesense_api_key),
        )

    def generated_secret(self, file_name: str) -> str:
        """A secret made once in ``data_dir/file_name`` (mode 0600) and kept, so every process
        and restart sharing the data dir uses the same one."""
        path = self.data_dir / file_name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip()

    def webhook_key(self) -> str:
        """The Ory webhook API key: configured, or in local mode generated once and kept."""
        return self.auth.ory_webhook_key or self.generated_secret("ory-webhook-key")

    def livepeer_secret(self) -> str:
        """The Livepeer webhook's shared secret: configured, or (without one, as in local
        development) generated once in data_dir and kept, so a local fake can sign with it."""
        return self.livepeer.webhook_secret or self.generated_secret("livepeer-webhook-secret")

    def unsubscribe_secret(self) -> str:
        """The HMAC key of unsubscribe links: configured, or made once in data_dir."""
        configured = self.notifications.unsubscribe_secret
        return configured or self.generated_secret("unsubscribe-secret")

    @classmethod
    def variables(cls) -> dict[str, str]:
        """Every variable the loader reads, with the attribute it sets (``http.port``)."""
        return {var.name: path for path, var in _declared(cls)}

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        problems: list[str] = []
        settings = _load(cls, env, problems)
        settings = _cross_checked(settings, env, problems)
        if problems:
            raise SettingsError("invalid settings:\n  - " + "\n  - ".join(problems))
        return settings

    def as_env(self) -> dict[str, str]:
        """The variables that ``from_env`` reads back into these settings (None left out)."""
        env: dict[str, str] = {}
        for path, var in _declared(type(self)):
            value: Any = self
            for name in path.split("."):
                value = getattr(value, name)
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, tuple):
                value = ",".join(value)
            env[var.name] = str(value)
        return env


G = TypeVar("G")


def _group(declared: Field[Any]) -> type | None:
    """The settings group a field holds, or None for a field read from a variable."""
    factory: Any = declared.default_factory
    return factory if isinstance(factory, type) and is_dataclass(factory) else None


def _declared(cls: type, prefix: str = "") -> Iterator[tuple[str, Var]]:
    for declared in fields(cls):
        group = _group(declared)
        if group is not None:
            yield from _declared(group, f"{prefix}{declared.name}.")
        else:
            yield f"{prefix}{declared.name}", declared.metadata["var"]


def _load(cls: type[G], env: Mapping[str, str], problems: list[str]) -> G:
    """``cls`` with each field from its variable (unset or blank: the field's default)."""
    values: dict[str, Any] = {}
    for declared in fields(cls):  # type: ignore[arg-type]
        group = _group(declared)
        if group is not None:
            values[declared.name] = _load(group, env, problems)
            continue
        var: Var = declared.metadata["var"]
        raw = env.get(var.name, "").strip() or var.fallback
        if raw is not None:
            value = var.parse(var.name, raw, problems)
            if value is not None:
                values[declared.name] = value
    return cls(**values)


def _cross_checked(settings: Settings, env: Mapping[str, str], problems: list[str]) -> Settings:
    """The rules that span variables."""
    services = (settings.database.url, settings.redis.url, settings.search.url)
    if any(services) and not all(services):
        problems.append(
            "set all of STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL, "
            "or none of them to use the embedded local services"
        )
    if (settings.redis.queue or "").split("://")[0].endswith("+cluster"):
        problems.append(
            "STREAMZ_QUEUE_REDIS_URL (a Redis that is not a Cluster) is required with a "
            "Cluster STREAMZ_REDIS_URL: the SAQ job queue does not run on a Redis Cluster"
        )
    if settings.search.url and not settings.search.api_key:
        problems.append("STREAMZ_TYPESENSE_API_KEY is required with STREAMZ_TYPESENSE_URL")
    auth = settings.auth
    if auth.jwks_url and not auth.ory_webhook_key:
        problems.append("STREAMZ_ORY_WEBHOOK_KEY is required with STREAMZ_JWKS_URL")
    if auth.jwks_url and not auth.jwt_audience:
        problems.append(
            "STREAMZ_JWT_AUDIENCE is required with STREAMZ_JWKS_URL (the `aud` that the "
            "identity provider puts in session tokens for Streamz; tokens without it or "
            "for another audience are refused)"
        )
    if settings.media.store == "s3" and not settings.media.s3_bucket:
        problems.append("STREAMZ_S3_BUCKET is required with STREAMZ_OBJECT_STORE=s3")
    if settings.livepeer.api_key and not settings.livepeer.webhook_secret:
        problems.append(
            "STREAMZ_LIVEPEER_WEBHOOK_SECRET is required with STREAMZ_LIVEPEER_API_KEY "
            "(the shared secret of the Livepeer webhook)"
        )
    email = settings.email
    if email.ses_endpoint_url and not env.get("STREAMZ_EMAIL_PROVIDER", "").strip():
        settings = replace(settings, email=replace(email, provider="ses"))
    return settings

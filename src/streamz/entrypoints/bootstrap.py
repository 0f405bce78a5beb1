"""Settings for a process: from the environment, with the local services filled in."""

from __future__ import annotations

from streamz.entrypoints.localservices import LocalServices
from streamz.settings import Settings, SettingsError


def local_services(settings: Settings, *, ephemeral: bool = False) -> LocalServices:
    return LocalServices(settings.data_dir / "services", ephemeral=ephemeral)


def resolve_settings() -> Settings:
    """Settings from the environment; without external URLs, the running local services."""
    settings = Settings.from_env()
    if settings.external_services:
        return settings
    urls = local_services(settings).urls()
    if urls is None:
        raise SettingsError(
            "no services: run `streamzctl services up` (or `streamzctl dev`), "
            "or set STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL"
        )
    return settings.with_services(
        urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key
    )

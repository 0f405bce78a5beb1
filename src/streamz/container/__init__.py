"""The composition root: which adapter serves which port, decided from settings.

Only entrypoints (HTTP, worker, CLI, the library facade) touch the container. Pass extra
providers to ``make_container`` to override any binding (tests, integrators).
"""

from __future__ import annotations

from dishka import AsyncContainer, Provider, make_async_container

from streamz.container.infra import InfraProvider
from streamz.container.memory import MemoryProvider
from streamz.container.postgres import PostgresProvider
from streamz.container.usecases import UseCaseProvider
from streamz.contexts import modules
from streamz.settings import Settings

__all__ = ["make_container", "make_memory_container"]

_CONTEXTS = modules("streamz.container")


def make_container(settings: Settings, *overrides: Provider) -> AsyncContainer:
    """Postgres, Redis and Typesense as the settings say; ``overrides`` win over defaults."""
    return make_async_container(
        InfraProvider(),
        PostgresProvider(),
        UseCaseProvider(),
        *(module.PostgresBindings() for module in _CONTEXTS),
        *(module.UseCases() for module in _CONTEXTS),
        *overrides,
        context={Settings: settings},
    )


def make_memory_container(*overrides: Provider) -> AsyncContainer:
    """Everything in memory: no servers. For unit tests and trying the library."""
    return make_async_container(
        MemoryProvider(),
        UseCaseProvider(),
        *(module.MemoryBindings() for module in _CONTEXTS),
        *(module.UseCases() for module in _CONTEXTS),
        *overrides,
    )

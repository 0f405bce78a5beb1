"""Streamz as a library: build the core with chosen adapters and call use cases without HTTP.

    from streamz.library import Streamz
    from streamz.core.identity.entities import Principal
    from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest

    async with Streamz.in_memory() as streamz:            # or Streamz.from_env()
        registration = await streamz.call(
            RegisterAccount,
            RegisterAccountRequest(Principal.system(), "identity-1", "alice", "a@example.com"),
        )

Each ``call`` runs in its own unit of work (one transaction), like one HTTP request. Pass dishka
providers to override any adapter. ``examples/library.py`` is a runnable program.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, TypeVar

from dishka import AsyncContainer, Provider

from streamz.container import make_container, make_memory_container
from streamz.settings import Settings

Req_contra = TypeVar("Req_contra", contravariant=True)
Res_co = TypeVar("Res_co", covariant=True)
R = TypeVar("R")
Q = TypeVar("Q")


class UseCase(Protocol[Req_contra, Res_co]):
    async def __call__(self, request: Req_contra, /) -> Res_co: ...


class Streamz:
    def __init__(self, container: AsyncContainer) -> None:
        self.container = container

    @classmethod
    def in_memory(cls, *overrides: Provider) -> Streamz:
        """Everything in memory: no servers needed."""
        return cls(make_memory_container(*overrides))

    @classmethod
    def from_settings(cls, settings: Settings, *overrides: Provider) -> Streamz:
        """Postgres, Redis and Typesense as ``settings`` say, and nothing else."""
        return cls(make_container(settings, *overrides))

    @classmethod
    def from_env(cls, *overrides: Provider) -> Streamz:
        """The servers ``streamzctl`` would use: ``STREAMZ_*`` variables, and without external
        URLs the local services that ``streamzctl dev`` (or ``services up``) runs from the data
        directory. Raises ``SettingsError`` when there are neither."""
        from streamz.entrypoints.bootstrap import resolve_settings

        return cls(make_container(resolve_settings(), *overrides))

    async def call(self, use_case: type[UseCase[Q, R]], request: Q) -> R:
        async with self.container() as scope:
            handler = await scope.get(use_case)
            return await handler(request)

    async def close(self) -> None:
        await self.container.close()

    async def __aenter__(self) -> Streamz:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

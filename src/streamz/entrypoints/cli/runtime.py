"""What every CLI command needs: settings (with local services filled in), use-case calls,
and one-line errors with a non-zero exit."""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import typer
from dishka import AsyncContainer

from streamz.container import make_container
from streamz.core.errors import StreamzError
from streamz.entrypoints.bootstrap import LocalServicesError, local_services, resolve_settings
from streamz.entrypoints.outages import as_unavailable
from streamz.settings import Settings, SettingsError

__all__ = [
    "call",
    "cli_errors",
    "echo_json",
    "fail",
    "local_services",
    "resolve_settings",
    "run_with_container",
]

P = ParamSpec("P")
T = TypeVar("T")


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def cli_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Turn known errors into one line on stderr and a non-zero exit code; so is a dependency
    down (``unavailable: ...``), whatever raised it."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except StreamzError as error:
            raise fail(f"{error.code}: {error.detail}") from None
        except (SettingsError, LocalServicesError) as error:
            raise fail(str(error).replace("\n", " "), 2) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            unavailable = as_unavailable(error)
            if unavailable is None:
                raise
            raise fail(f"{unavailable.code}: {unavailable.detail}") from None

    return wrapper


def run_with_container(settings: Settings, work: Callable[[AsyncContainer], Awaitable[T]]) -> T:
    async def main() -> T:
        container = make_container(settings)
        try:
            return await work(container)
        finally:
            await container.close()

    return asyncio.run(main())


def echo_json(value: object) -> None:
    import msgspec

    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value)).decode() + "\n")


def call(use_case: type[Any], request: object) -> Any:
    """Run one use case (acting as whoever ``request.actor`` is) on the configured servers."""

    async def work(container: AsyncContainer) -> Any:
        async with container() as scope:
            handler = await scope.get(use_case)
            return await handler(request)

    return run_with_container(resolve_settings(), work)

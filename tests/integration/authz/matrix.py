"""The pieces of the authorization matrices: expected outcomes per persona, operations, and
one cell's check. "ok" is any 2xx; "absent" means the tier does not offer the operation
(404/405), as the seed tables' ⚫ cells require."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from streamz.adapters.memory.database import MemoryDatabase, Tables
from streamz.container import make_memory_container
from tests.integration.authz.personas import Persona
from tests.integration.conftest import Client

CHANNEL = "owner1"
Request = tuple[str, str, dict[str, Any]]  # method, path, httpx keyword arguments
Prepare = Callable[[Client, dict[str, Persona], str], Awaitable[Request]]
Expected = dict[str, int | str]

# who may write channel content (Permission.MANAGE_SETTINGS, scope channel:write)
CONTENT: Expected = {
    "anonymous": 401, "other": 403, "vip": 403, "mod_without": 403, "mod_with": "ok",
    "owner": "ok", "staff": "ok", "token_with": "ok", "token_without": 403,
}  # fmt: skip
# the same, for operations the Public tier does not offer
CONTENT_NOT_PUBLIC: Expected = {**CONTENT, "anonymous": "absent", "token_with": "absent",
                      "token_without": "absent"}  # fmt: skip
VIP_OG: Expected = CONTENT  # Permission.MANAGE_ROLES, scope moderation:write: the same people
VIP_OG_NOT_PUBLIC: Expected = CONTENT_NOT_PUBLIC
MODERATORS: Expected = {**CONTENT, "mod_with": 403}  # only the owner (and staff) appoint moderators
MODERATORS_NOT_PUBLIC: Expected = {**CONTENT_NOT_PUBLIC, "mod_with": 403}
READ: Expected = dict.fromkeys(CONTENT, "ok")
LOG: Expected = {
    "anonymous": "absent", "other": 403, "vip": 403, "mod_without": "ok", "mod_with": "ok",
    "owner": "ok", "staff": "ok", "token_with": "absent", "token_without": "absent",
}  # fmt: skip
# the caller's own preferences and follows: sessions on the Private tier only
SELF_SERVICE: Expected = {
    "anonymous": "absent", "other": "ok", "vip": "ok", "mod_without": "ok", "mod_with": "ok",
    "owner": "ok", "staff": "absent", "token_with": "absent", "token_without": "absent",
}  # fmt: skip
STAFF_ONLY: Expected = {
    "anonymous": "absent", "other": "absent", "vip": "absent", "mod_without": "absent",
    "mod_with": "absent", "owner": "absent", "staff": "ok", "token_with": "absent",
    "token_without": "absent",
}  # fmt: skip


async def owner_post(client: Client, who: dict[str, Persona], path: str, **kw: Any) -> Any:
    owner = who["owner"]
    response = await client.post(
        f"{owner.tier}/channels/{CHANNEL}/{path}", headers=owner.headers, **kw
    )
    assert response.status_code == 201, response.text
    return response.json()


def base(p: Persona) -> str:
    return f"{p.tier}/channels/{CHANNEL}"


def read(path: str) -> Prepare:
    async def prepare(c: Client, who: dict[str, Persona], name: str) -> Request:
        return "GET", f"{base(who[name])}/{path}", {}

    return prepare


@dataclass(frozen=True)
class Operation:
    name: str
    prepare: Prepare
    expected: Expected


def matches(expected: int | str, status: int) -> bool:
    if expected == "ok":
        return 200 <= status < 300
    if expected == "absent":
        return status in (404, 405)
    return status == expected


async def check_cell(
    client: Client, who: dict[str, Persona], operation: Operation, persona: str
) -> None:
    method, path, kwargs = await operation.prepare(client, who, persona)
    response = await client.request(method, path, headers=who[persona].headers, **kwargs)
    expected = operation.expected[persona]
    assert matches(expected, response.status_code), (
        f"{operation.name} as {persona}: expected {expected}, got {response.status_code} "
        f"{response.text[:300]}"
    )
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


class MemoryMatrix:
    """The HTTP app on an in-memory container, the personas registered once: each cell runs
    on a new container holding a copy of those tables, so cells do not see each other's
    writes (nor rate limits, caches or throttles) and need no servers."""

    def __init__(self, client: Client, who: dict[str, Persona], tables: Tables) -> None:
        self.client = client
        self.who = who
        self._tables = tables

    @contextlib.asynccontextmanager
    async def cell(self) -> AsyncIterator[None]:
        app = self.client.app
        container = make_memory_container()
        (await container.get(MemoryDatabase)).tables = self._tables.copy()
        before = app.state.dishka_container
        app.state.dishka_container = container
        try:
            yield
        finally:
            app.state.dishka_container = before
            await container.close()

    async def check_every_persona(self, operation: Operation) -> None:
        """``operation`` as each persona, each on fresh tables; every persona is checked and
        each failure names its persona."""
        failures: list[str] = []
        for persona in operation.expected:
            async with self.cell():
                try:
                    await check_cell(self.client, self.who, operation, persona)
                except Exception as error:
                    failures.append(f"[{persona}] {type(error).__name__}: {error}")
        assert not failures, f"{operation.name}:\n" + "\n".join(failures)

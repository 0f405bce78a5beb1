"""Which dependencies answer, for ``/ready`` and ``streamz_dependency_up``.

Ready means able to serve the core: PostgreSQL and Redis. Typesense down only degrades search
(503 on search routes, writes go on and the index catches up), so the instance stays ready and
a load balancer keeps it; ``/ready`` says ``degraded`` and names it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from dishka import AsyncContainer

from streamz.entrypoints.outages import outage_fields
from streamz.ports.health import HealthCheck

CORE = ("postgres", "redis")  # without one of them nothing works: not ready
KNOWN = (*CORE, "typesense")
CHECK_SECONDS = 2.0
OK = "ok"


@dataclass(frozen=True, slots=True)
class Readiness:
    checks: dict[str, str]  # dependency -> "ok" or "unavailable: <error class>" ("unknown")

    @property
    def status(self) -> str:
        """``ok``; ``degraded`` (only optional dependencies down); ``unavailable`` (a core one)."""
        if any(self.checks.get(name) != OK for name in CORE):
            return "unavailable"
        if any(state != OK for state in self.checks.values()):
            return "degraded"
        return OK

    @property
    def up(self) -> dict[str, bool]:
        return {name: state == OK for name, state in self.checks.items()}


async def readiness(container: AsyncContainer, seconds: float = CHECK_SECONDS) -> Readiness:
    """Run every health check at once, each within ``seconds``."""
    try:
        checks = await container.get(list[HealthCheck])
    except Exception as error:  # a client could not even be made (the database pool at start)
        down = outage_fields(error)["dependency"]
        named = down if down in KNOWN else "postgres"
        states = dict.fromkeys(KNOWN, "unknown")
        states[named] = f"unavailable: {type(error).__name__}"
        return Readiness(states)

    async def run(check: HealthCheck) -> tuple[str, str]:
        try:
            await asyncio.wait_for(check.check(), timeout=seconds)
        except Exception as error:
            return check.name, f"unavailable: {type(error).__name__}"
        return check.name, OK

    return Readiness(dict(await asyncio.gather(*(run(c) for c in checks))))

"""The signed-in account's push devices."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import Device
from streamz.ports.notifications import PushDevices


@dataclass(frozen=True, slots=True)
class ListDevicesRequest:
    actor: Principal


@dataclass(frozen=True, slots=True)
class ListDevices:
    """The signed-in account's devices, oldest first (a signed-in user only)."""

    devices: PushDevices

    async def __call__(self, request: ListDevicesRequest) -> list[Device]:
        return await self.devices.list(request.actor.require_account())

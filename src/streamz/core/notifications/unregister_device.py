"""Removes one of the signed-in account's push devices."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.notifications.errors import DeviceNotFound
from streamz.ports.notifications import PushDevices
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class UnregisterDeviceRequest:
    actor: Principal
    device_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class UnregisterDevice:
    """Removes one of the signed-in account's devices; another account's device is
    ``device-not-found`` (as if it did not exist)."""

    devices: PushDevices
    uow: UnitOfWork

    async def __call__(self, request: UnregisterDeviceRequest) -> None:
        account_id = request.actor.require_account()
        if not await self.devices.remove(account_id, request.device_id):
            raise DeviceNotFound(f"no device {request.device_id}")
        await self.uow.commit()

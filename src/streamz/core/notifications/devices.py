"""Push devices of the signed-in account: register, list, unregister."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.errors import FieldError, Invalid, NotFound
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import PLATFORMS, Device
from streamz.ports.clock import Clock
from streamz.ports.notifications import PushDevices
from streamz.ports.transaction import TransactionManager

MAX_TOKEN = 4096
MAX_DEVICES = 20


class DeviceNotFound(NotFound):
    code = "device-not-found"


@dataclass(frozen=True, slots=True)
class RegisterDeviceRequest:
    actor: Principal
    platform: str
    token: str


class RegisterDevice:
    """Registers a push token for the signed-in account.

    - A signed-in user only; platform ``ios``, ``android`` or ``web``; a token of 1 to 4096
      visible characters. Anything else is ``invalid`` and nothing is written.
    - A token belongs to one account: registering it again moves it to the new account (the
      phone changed hands); registering it again for the same account keeps one device.
    """

    def __init__(self, devices: PushDevices, tx: TransactionManager, clock: Clock) -> None:
        self._devices = devices
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: RegisterDeviceRequest) -> Device:
        account_id = request.actor.require_account()
        errors: list[FieldError] = []
        if request.platform not in PLATFORMS:
            errors.append(FieldError("body.platform", f"use {', '.join(PLATFORMS)}"))
        token = request.token.strip() if isinstance(request.token, str) else ""
        if not token or len(token) > MAX_TOKEN or not token.isprintable() or " " in token:
            errors.append(FieldError("body.token", f"1 to {MAX_TOKEN} visible characters"))
        if errors:
            raise Invalid("the device is invalid", errors=errors)
        device = await self._devices.register(
            account_id, request.platform, token, self._clock.now()
        )
        await self._tx.commit()
        return device


@dataclass(frozen=True, slots=True)
class ListDevicesRequest:
    actor: Principal


class ListDevices:
    """The signed-in account's devices, oldest first (a signed-in user only)."""

    def __init__(self, devices: PushDevices) -> None:
        self._devices = devices

    async def __call__(self, request: ListDevicesRequest) -> list[Device]:
        return await self._devices.list(request.actor.require_account())


@dataclass(frozen=True, slots=True)
class UnregisterDeviceRequest:
    actor: Principal
    device_id: uuid.UUID


class UnregisterDevice:
    """Removes one of the signed-in account's devices; another account's device is
    ``device-not-found`` (as if it did not exist)."""

    def __init__(self, devices: PushDevices, tx: TransactionManager) -> None:
        self._devices = devices
        self._tx = tx

    async def __call__(self, request: UnregisterDeviceRequest) -> None:
        account_id = request.actor.require_account()
        if not await self._devices.remove(account_id, request.device_id):
            raise DeviceNotFound(f"no device {request.device_id}")
        await self._tx.commit()

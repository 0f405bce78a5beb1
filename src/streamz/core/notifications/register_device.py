"""Registers a push device for the signed-in account."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import FieldError, Invalid
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import PLATFORMS, Device
from streamz.ports.clock import Clock
from streamz.ports.notifications import PushDevices
from streamz.ports.unit_of_work import UnitOfWork

MAX_TOKEN = 4096


@dataclass(frozen=True, slots=True)
class RegisterDeviceRequest:
    actor: Principal
    platform: str
    token: str


@dataclass(frozen=True, slots=True)
class RegisterDevice:
    """Registers a push token for the signed-in account.

    - A signed-in user only; platform ``ios``, ``android`` or ``web``; a token of 1 to 4096
      visible characters. Anything else is ``invalid`` and nothing is written.
    - A token belongs to one account: registering it again moves it to the new account (the
      phone changed hands); registering it again for the same account keeps one device.
    """

    devices: PushDevices
    uow: UnitOfWork
    clock: Clock

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
        device = await self.devices.register(account_id, request.platform, token, self.clock.now())
        await self.uow.commit()
        return device

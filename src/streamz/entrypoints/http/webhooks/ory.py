"""Ory's ``web_hook`` actions (Internal tier): registration, settings, password change.

Configure Ory with a Jsonnet body of ``function(ctx) { identity: ctx.identity }`` and
``auth: {type: api_key, config: {name: X-Ory-Api-Key, value: <key>, in: header}}``.
Unknown identity fields (``schema_id``, ``state``…) are ignored.
"""

from __future__ import annotations

import uuid

import msgspec
from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from streamz.core.identity.change_email import ChangeEmail, ChangeEmailRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.record_password_change import (
    RecordPasswordChange,
    RecordPasswordChangeRequest,
)
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.entrypoints.http.problems import WRITE_ERRORS, problem_responses


class OryTraits(msgspec.Struct, frozen=True):
    email: str
    username: str


class OryAddress(msgspec.Struct, frozen=True):
    value: str
    verified: bool = False


class OryIdentity(msgspec.Struct, frozen=True):
    id: str = msgspec.field()
    traits: OryTraits = msgspec.field()
    verifiable_addresses: list[OryAddress] = msgspec.field(default_factory=list)

    @property
    def email_verified(self) -> bool:
        """Ory verified the address that is the identity's email trait."""
        email = self.traits.email.strip().lower()
        return any(
            a.verified and a.value.strip().lower() == email for a in self.verifiable_addresses
        )


class OryHookIn(msgspec.Struct, frozen=True):
    identity: OryIdentity


class OryIdentityRef(msgspec.Struct, frozen=True):
    id: str


class OryPasswordHookIn(msgspec.Struct, frozen=True):
    identity: OryIdentityRef


class PasswordChangedOut(msgspec.Struct, frozen=True):
    account_id: uuid.UUID


class RegistrationOut(msgspec.Struct, frozen=True):
    account_id: uuid.UUID
    channel_id: uuid.UUID
    chatroom_id: uuid.UUID
    created: bool


class OrySettingsOut(msgspec.Struct, frozen=True):
    account_id: uuid.UUID
    email: str
    email_verified: bool


async def _record_email(
    identity: OryIdentity, principal: Principal, use_case: ChangeEmail
) -> OrySettingsOut:
    """The identity's email and whether Ory verified it (settings and verification hooks)."""
    account = await use_case(
        ChangeEmailRequest(
            principal,
            identity.id,
            identity.traits.email,
            identity.traits.username,
            identity.email_verified,
        )
    )
    return OrySettingsOut(account.id, account.email, account.email_verified_at is not None)


class OryWebhooks(Controller):
    path = "/ory"
    security = [{"oryWebhookKey": []}]
    tags = ["webhooks"]

    @post(
        "/registration",
        summary="Ory registration: create account, channel and chatroom",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def ory_registration(
        self,
        data: JSONBody[OryHookIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[RegisterAccount],
    ) -> RegistrationOut:
        """Ory's registration hook: creates the account, its channel and chatroom from the
        identity's traits. Authenticated by the `X-Ory-Api-Key` header (401 otherwise). 409 if
        the username is taken.
        """
        identity = data.identity
        result = await use_case(
            RegisterAccountRequest(
                principal,
                identity.id,
                identity.traits.username,
                identity.traits.email,
                identity.email_verified,
            )
        )
        return RegistrationOut(
            result.account.id, result.channel.id, result.chatroom.id, result.created
        )

    @post(
        "/settings",
        summary="Ory settings: record a changed email",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def ory_settings(
        self,
        data: JSONBody[OryHookIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ChangeEmail],
    ) -> OrySettingsOut:
        """Ory's settings hook: records a changed email (and whether it is verified). Authenticated
        by the `X-Ory-Api-Key` header. 404 for an unknown identity.
        """
        return await _record_email(data.identity, principal, use_case)

    @post(
        "/verification",
        summary="Ory verification: record that the identity's email is verified",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def ory_verification(
        self,
        data: JSONBody[OryHookIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ChangeEmail],
    ) -> OrySettingsOut:
        """Ory's verification hook: records that the identity's email is verified. Authenticated by
        the `X-Ory-Api-Key` header. 404 for an unknown identity.
        """
        return await _record_email(data.identity, principal, use_case)

    @post(
        "/password",
        summary="Ory settings (password method): record a password change",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def ory_password_changed(
        self,
        data: JSONBody[OryPasswordHookIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[RecordPasswordChange],
    ) -> PasswordChangedOut:
        """Ory's settings hook for the password method: records that the password changed (Streamz
        stores no password). Authenticated by the `X-Ory-Api-Key` header. 404 for an unknown
        identity.
        """
        account = await use_case(RecordPasswordChangeRequest(principal, data.identity.id))
        return PasswordChangedOut(account.id)

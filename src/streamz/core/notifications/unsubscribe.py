from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.social.preferences import DEFAULTS
from streamz.ports.clock import Clock
from streamz.ports.notifications import UnsubscribeLinks
from streamz.ports.social import NotificationPreferenceRepository
from streamz.ports.unit_of_work import UnitOfWork


class BadUnsubscribeLink(Invalid):
    code = "bad-unsubscribe-link"


@dataclass(frozen=True, slots=True)
class UnsubscribeRequest:
    actor: Principal  # anyone: the signed token is the authority
    token: str


@dataclass(frozen=True, slots=True)
class Unsubscribed:
    preference: str


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """One-click unsubscribe (RFC 8058) from an email's List-Unsubscribe link.

    - The token is signed (HMAC with a server secret) and names the account and the preference
      (``email.<kind>``); a forged, altered or unknown one is ``bad-unsubscribe-link`` and
      nothing changes.
    - Turns that preference off for the account; doing it twice changes nothing more.
    """

    links: UnsubscribeLinks
    preferences: NotificationPreferenceRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: UnsubscribeRequest) -> Unsubscribed:
        verified = self.links.verify(request.token)
        if verified is None or verified[1] not in DEFAULTS:
            raise BadUnsubscribeLink.field("path.token", "this unsubscribe link is not valid")
        account_id, preference = verified
        await self.preferences.merge_account(account_id, {preference: False}, self.clock.now())
        await self.uow.commit()
        return Unsubscribed(preference)

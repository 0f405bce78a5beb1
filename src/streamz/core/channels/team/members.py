"""What the team use cases share: a grant with its account, input checks, events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.errors import FieldError, Invalid
from streamz.core.identity.entities import Account, Principal
from streamz.core.shared.events import Event

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class RoleMember:
    """A role grant and the account holding it."""

    grant: RoleGrant
    account: Account


def clean_reason(reason: str | None, field: str = "body.reason") -> str | None:
    """The reason, stripped; blank is none; at most ``MAX_REASON`` characters."""
    if reason is None or not reason.strip():
        return None
    if len(reason) > MAX_REASON:
        raise Invalid.field(field, f"reason must be at most {MAX_REASON} characters")
    return reason.strip()


def parse_permissions(names: list[str], field: str = "body.permissions") -> frozenset[Permission]:
    """Known permission names, duplicates folded; unknown ones are an ``Invalid`` input."""
    known = {p.value for p in Permission}
    unknown = sorted({n for n in names if n not in known})
    if unknown:
        message = f"unknown permissions: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        raise Invalid("the permissions are invalid", errors=[FieldError(field, message)])
    return frozenset(Permission(n) for n in names)


def sorted_names(permissions: frozenset[Permission]) -> list[str]:
    return sorted(p.value for p in permissions)


def role_details(grant: RoleGrant) -> dict[str, Any]:
    details: dict[str, Any] = {"role": grant.role.value}
    if grant.role is ChannelRole.MODERATOR:
        details["permissions"] = sorted_names(grant.permissions)
    return details


def role_event(
    topic: str, grant: RoleGrant, access: ChannelAccess, actor: Principal, at: datetime
) -> Event:
    payload = {
        "channel_id": str(grant.channel_id),
        "account_id": str(grant.account_id),
        **role_details(grant),
        "by": str(actor.account_id) if actor.account_id else None,
        "acting_as": access.acting_as.value,
    }
    return Event(topic, str(grant.channel_id), payload, at)

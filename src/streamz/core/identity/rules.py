"""Rules on account fields, shared by registration, settings changes and the CLI."""

from __future__ import annotations

import re

from streamz.core.errors import Invalid

USERNAME_PATTERN = re.compile(r"[a-z0-9_]{3,25}")
EMAIL_PATTERN = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
MAX_EMAIL = 254


def normalise_username(raw: str, *, field: str = "username") -> str:
    """Usernames are 3–25 characters of ``[a-z0-9_]``, compared case-insensitively."""
    username = raw.strip().lower()
    if not USERNAME_PATTERN.fullmatch(username):
        raise Invalid.field(field, "username must be 3-25 characters of a-z, 0-9 or _")
    return username


def normalise_email(raw: str, *, field: str = "email") -> str:
    email = raw.strip()
    if len(email) > MAX_EMAIL or not email.isprintable() or not EMAIL_PATTERN.fullmatch(email):
        raise Invalid.field(field, "email is not a valid address")
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


MAX_IDENTITY_ID = 128


def normalise_identity_id(raw: str, *, field: str = "identity_id") -> str:
    """The identity provider's id: 1-128 printable characters without spaces."""
    identity_id = raw.strip()
    if not 1 <= len(identity_id) <= MAX_IDENTITY_ID or not identity_id.isprintable():
        raise Invalid.field(field, f"identity id must be 1-{MAX_IDENTITY_ID} printable characters")
    return identity_id

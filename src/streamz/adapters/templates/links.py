"""Signed one-click unsubscribe links (RFC 8058): HMAC-SHA256 over account and preference."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

PATH = "/unsubscribe/"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class HmacUnsubscribeLinks:
    def __init__(self, secret: str, base_url: str) -> None:
        self._key = secret.encode()
        self._base = base_url.rstrip("/")

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:18])

    def token(self, account_id: uuid.UUID, preference: str) -> str:
        body = _b64(f"{account_id}:{preference}".encode())
        return f"{body}.{self._sign(body)}"

    def link(self, account_id: uuid.UUID, preference: str) -> str:
        return f"{self._base}{PATH}{self.token(account_id, preference)}"

    def verify(self, token: str) -> tuple[uuid.UUID, str] | None:
        body, _, signature = token.partition(".")
        if (
            not token.isascii()
            or not body
            or not signature
            or not hmac.compare_digest(self._sign(body), signature)
        ):
            return None
        try:
            account, _, preference = _unb64(body).decode().partition(":")
            return uuid.UUID(account), preference
        except (ValueError, UnicodeDecodeError):
            return None

"""Livepeer's webhook signature (stdlib only).

Livepeer sends ``Livepeer-Signature: t=<unix ms>,v1=<hex>``, where the hex is
HMAC-SHA256(shared secret, raw request body). The timestamp is not part of what is signed, so
replays within the window are stopped by deduplicating event ids, not by the signature.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from streamz.core.live.streams.errors import WebhookSignatureInvalid, WebhookTimestampStale

HEADER = "Livepeer-Signature"
SCHEME = "v1"
_MAX_HEADER = 1024


@dataclass(frozen=True, slots=True)
class Signature:
    timestamp_ms: int
    signatures: tuple[str, ...]  # every v1 value (a sender may list several)

    @property
    def signed_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC)


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def parse(header: str | None) -> Signature:
    """The header's parts; ``WebhookSignatureInvalid`` when missing or malformed."""
    if not header or len(header) > _MAX_HEADER:
        raise WebhookSignatureInvalid(f"missing or oversized {HEADER} header")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise WebhookSignatureInvalid(f"malformed {HEADER} header")
        if key == "t":
            if not value.isascii() or not value.isdigit() or len(value) > 16:
                raise WebhookSignatureInvalid(f"malformed timestamp in {HEADER}")
            timestamp = int(value)
        elif key == SCHEME:
            signatures.append(value.strip().lower())
    if timestamp is None or not signatures:
        raise WebhookSignatureInvalid(f"{HEADER} needs t=<ms> and {SCHEME}=<hex>")
    return Signature(timestamp, tuple(signatures))


def verify(
    body: bytes, header: str | None, secret: str, now: datetime, tolerance_seconds: int
) -> Signature:
    """Checks the header against ``body``: the timestamp within ``tolerance_seconds`` of
    ``now`` either way (``WebhookTimestampStale``), then one ``v1`` signature matching, compared
    in constant time (``WebhookSignatureInvalid``)."""
    signature = parse(header)
    skew = abs(now.timestamp() * 1000 - signature.timestamp_ms) / 1000
    if skew > tolerance_seconds:
        raise WebhookTimestampStale(
            f"the signature's timestamp is {int(skew)} s off; at most {tolerance_seconds} s"
        )
    expected = sign(body, secret).encode()
    sent = (s.encode("utf-8", "replace") for s in signature.signatures)
    if not any(hmac.compare_digest(expected, s) for s in sent):
        raise WebhookSignatureInvalid("the signature does not match the body")
    return signature

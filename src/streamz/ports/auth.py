from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class VerifiedSession:
    """What a verified session token says: ``subject`` is the identity provider's identity id."""

    subject: str


class SessionVerifier(Protocol):
    async def verify(self, token: str) -> VerifiedSession:
        """Check signature, expiry, issuer and audience; raise ``InvalidToken`` otherwise."""
        ...

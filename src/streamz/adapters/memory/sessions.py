from streamz.core.identity.errors import InvalidToken
from streamz.ports.auth import VerifiedSession


class MemorySessions:
    """Session tokens are ``session:<identity id>``: for unit tests and embedding only."""

    PREFIX = "session:"

    async def verify(self, token: str) -> VerifiedSession:
        if not token.startswith(self.PREFIX) or len(token) == len(self.PREFIX):
            raise InvalidToken("not a session token")
        return VerifiedSession(token.removeprefix(self.PREFIX))

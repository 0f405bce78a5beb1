import uuid
from typing import Protocol

from streamz.core.identity.entities import Account, ApiToken


class AccountRepository(Protocol):
    async def add(self, account: Account) -> None: ...

    async def update(self, account: Account) -> None: ...

    async def get(self, account_id: uuid.UUID) -> Account | None: ...

    async def by_username(self, username: str) -> Account | None:
        """Case-insensitive: ``username`` is already lower-case."""
        ...

    async def by_identity(self, identity_id: str) -> Account | None: ...

    async def ids_by_usernames(self, usernames: list[str]) -> dict[str, uuid.UUID]:
        """The ids of those (lower-case) usernames that exist, in one query."""
        ...


class ApiTokenRepository(Protocol):
    async def add(self, token: ApiToken) -> None: ...

    async def update(self, token: ApiToken) -> None: ...

    async def get(self, token_id: uuid.UUID) -> ApiToken | None: ...

    async def by_hash(self, token_hash: str) -> ApiToken | None: ...

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[ApiToken]:
        """Newest first; ``before`` is the id of the last token of the previous page."""
        ...

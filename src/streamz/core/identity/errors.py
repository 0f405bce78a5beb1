"""Errors particular to the identity context."""

from streamz.core.errors import Conflict, Invalid, NotFound, Unauthenticated


class UsernameTaken(Conflict):
    code = "username-taken"
    title = "Username already taken"


class AccountNotFound(NotFound):
    code = "account-not-found"
    title = "Account not found"


class UsernameImmutable(Invalid):
    code = "username-immutable"
    title = "Username cannot be changed"


class InvalidToken(Unauthenticated):
    code = "invalid-token"
    title = "Invalid or expired token"


class UnknownIdentity(Unauthenticated):
    code = "unknown-identity"
    title = "No account for this identity"


class TokenNotFound(NotFound):
    code = "token-not-found"
    title = "API token not found"

"""Errors of the IGDB sync."""

from streamz.core.errors import Invalid, Unauthenticated


class IgdbSecretInvalid(Unauthenticated):
    code = "igdb-secret-invalid"
    title = "Missing or wrong IGDB webhook secret"


class IgdbGameInvalid(Invalid):
    code = "igdb-game-invalid"
    title = "Not an IGDB game object"

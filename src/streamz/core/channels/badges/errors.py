from streamz.core.errors import Conflict, NotFound


class BadgeExists(Conflict):
    code = "badge-exists"
    title = "Badge exists"


class BadgeNotFound(NotFound):
    code = "badge-not-found"
    title = "Badge not found"

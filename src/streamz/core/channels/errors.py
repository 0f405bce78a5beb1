from streamz.core.errors import Conflict, NotFound


class ChannelNotFound(NotFound):
    code = "channel-not-found"
    title = "Channel not found"


class RoleAlreadyGranted(Conflict):
    code = "role-already-granted"
    title = "Role already granted"


class RoleNotFound(NotFound):
    code = "role-not-found"
    title = "Role not found"

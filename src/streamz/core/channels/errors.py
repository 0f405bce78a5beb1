from streamz.core.errors import NotFound


class ChannelNotFound(NotFound):
    code = "channel-not-found"
    title = "Channel not found"

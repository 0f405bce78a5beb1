from streamz.core.errors import Invalid, NotFound


class InvalidImage(Invalid):
    """The upload is not an accepted image (type, size or dimensions)."""

    code = "invalid-image"
    title = "Invalid image"


class MediaNotFound(NotFound):
    code = "media-not-found"
    title = "Media not found"

"""Errors of the live directory; each ``code`` is the stable end of the problem ``type``.

Field problems have one type per field (title, tags, language, category, sort), so a client
can tell them apart without reading ``errors``; when several fields are wrong the type is the
first one's and ``errors`` lists them all.
"""

from __future__ import annotations

from streamz.core.errors import Forbidden, Invalid, NotFound


class StreamTitleInvalid(Invalid):
    code = "stream-title-invalid"
    title = "Invalid stream title"


class StreamTagsInvalid(Invalid):
    code = "stream-tags-invalid"
    title = "Invalid stream tags"


class StreamLanguageInvalid(Invalid):
    code = "stream-language-invalid"
    title = "Invalid stream language"


class StreamCategoryUnknown(Invalid):
    code = "stream-category-unknown"
    title = "Unknown category"


class ListingSortInvalid(Invalid):
    code = "livestream-sort-invalid"
    title = "Invalid listing order"


class VodNotFound(NotFound):
    code = "vod-not-found"
    title = "VOD not found"


class VodSubscribersOnly(Forbidden):
    code = "vod-subscribers-only"
    title = "VOD for subscribers only"


class VodTitleInvalid(Invalid):
    code = "vod-title-invalid"
    title = "Invalid VOD title"


class VodVisibilityInvalid(Invalid):
    code = "vod-visibility-invalid"
    title = "Invalid VOD visibility"

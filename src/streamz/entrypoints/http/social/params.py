"""Parameters the social routes share."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="page size")]
After = Annotated[str | None, QueryParameter(max_length=512, description="cursor from `next`")]
ChannelId = Annotated[
    str, PathParameter(description="channel id or slug", min_length=1, max_length=64)
]
CategoryId = Annotated[
    str, PathParameter(description="category id or slug", min_length=1, max_length=64)
]

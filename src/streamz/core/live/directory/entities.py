"""What the directory shows: livestreams with their channel and category, ranked candidates,
the filters and orders of a listing, and a channel's stream info as read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from streamz.core.live.entities import Category, Livestream, StreamInfo


@dataclass(frozen=True, slots=True)
class StreamCard:
    """One livestream of a listing, with what a listing shows of its channel and category."""

    livestream: Livestream
    channel_slug: str
    channel_name: str  # the channel's display name
    category_slug: str | None = None
    category_name: str | None = None


@dataclass(frozen=True, slots=True)
class RankedStream:
    """A recommended livestream: its score (higher first) and why it was picked."""

    card: StreamCard
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A live stream the recommender may rank, with the signals the formula blends."""

    card: StreamCard
    channel_followers: int
    channel_created_at: datetime
    peers: int = 0  # sampled accounts sharing a follow with the viewer who follow this channel
    followed_category: bool = False


@dataclass(frozen=True, slots=True)
class ListingFilters:
    """Filters every live listing takes; all given ones must hold.

    - ``language``: ``en`` matches ``en`` and every ``en-*`` tag; ``pt-BR`` matches only itself.
    - ``tags``: the stream carries every one of them.
    - ``mature``: True only mature streams, False only the others, None both.
    """

    category_id: uuid.UUID | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    mature: bool | None = None

    def language_matches(self, language: str) -> bool:
        wanted = self.language
        if wanted is None:
            return True
        if "-" in wanted:
            return language == wanted
        return language == wanted or language.startswith(wanted + "-")

    def matches(self, stream: Livestream) -> bool:
        return (
            (self.category_id is None or stream.category_id == self.category_id)
            and self.language_matches(stream.language)
            and set(self.tags) <= set(stream.tags)
            and (self.mature is None or stream.mature is self.mature)
        )


class SortKey:
    VIEWERS = "viewers"
    STARTED_AT = "started_at"
    ALL = (VIEWERS, STARTED_AT)


@dataclass(frozen=True, slots=True)
class ListingSort:
    """``key`` then the livestream id as tie-breaker, both in the same direction."""

    key: str = SortKey.VIEWERS  # SortKey
    descending: bool = True


@dataclass(frozen=True, slots=True)
class Keyset:
    """Where the previous page stopped: the sort value and the id of its last row."""

    value: int | datetime
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class StreamInfoView:
    """A channel's stream info, its category, and its live stream if it is live now."""

    info: StreamInfo
    category: Category | None
    live: Livestream | None


@dataclass(frozen=True, slots=True)
class StreamInfoChange:
    """What an update changed (field names) and the result."""

    view: StreamInfoView
    changed: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class CandidatePool:
    """How the recommender's candidates are gathered (bounds on the work of one request).

    Live streams matching the filters, from: the ``top_viewers`` most watched, the ``recent``
    latest started, the live streams of the ``new_channels`` newest channels created since
    ``new_since`` with fewer than ``small_followers`` followers, and for a signed-in viewer the
    ``graph`` live channels most followed by their peers and the ``per_category`` most watched
    of each followed category. Peers: for each of the viewer's ``followed_sample`` latest
    follows, up to ``peers_per_channel`` other followers of that channel. Channels the viewer
    follows, and the viewer's own, are left out.
    """

    new_since: datetime
    top_viewers: int = 250
    recent: int = 100
    new_channels: int = 100
    small_followers: int = 1000
    graph: int = 200
    per_category: int = 25
    followed_sample: int = 30
    peers_per_channel: int = 40

"""The recommendation formula (stdlib only; docs/recommendations.md explains it).

Every candidate gets signals in [0, 1]:

- ``popularity``  = min(1, log10(1 + viewers) / 4)          (10,000 viewers or more: 1)
- ``graph``       = peers / (peers + 2)                        (peers: sampled accounts that
  share a follow with the viewer and follow this channel; 1 peer: 0.33, 2: 0.5, 6: 0.75)
- ``category``    = 1 if the viewer follows the stream's category
- ``language``    = 1 if the stream's primary language subtag is the viewer's
- ``new_creator`` = 1 / (1 + followers / 100) * max(0, 1 - channel age in whole days / 90)
- ``jitter``      = BLAKE2b(seed, livestream id) as a number in [0, 1): a small, seeded shuffle
  so equal streams take turns; the same seed always gives the same ranking.

The base score blends them with ``SIGNED_IN`` or ``ANONYMOUS`` weights. Diversity: within each
category (streams without one form one group), the streams are taken by base score and the
k-th (from 0) is multiplied by ``DIVERSITY ** k``, so one busy category cannot fill the page.
The result is ordered by that final score, then by livestream id, both descending.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from streamz.core.live.directory.entities import Candidate, RankedStream
from streamz.core.live.directory.rules import primary_language

SIGNED_IN = {
    "popularity": 0.30,
    "graph": 0.30,
    "category": 0.15,
    "language": 0.10,
    "new_creator": 0.10,
    "jitter": 0.05,
}
ANONYMOUS = {
    "popularity": 0.60,
    "graph": 0.0,
    "category": 0.0,
    "language": 0.15,
    "new_creator": 0.15,
    "jitter": 0.10,
}
DIVERSITY = {True: 0.85, False: 0.70}  # signed in, anonymous
NEW_CREATOR_DAYS = 90
SMALL_FOLLOWERS = 100
# a signal at least this strong is named among the reasons of a recommendation
REASONS = {
    "popularity": ("popular", 0.5),
    "graph": ("followed-by-similar-viewers", 0.3),
    "category": ("followed-category", 1.0),
    "language": ("your-language", 1.0),
    "new_creator": ("new-creator", 0.25),
}


@dataclass(frozen=True, slots=True)
class Signals:
    popularity: float
    graph: float
    category: float
    language: float
    new_creator: float
    jitter: float

    def blend(self, weights: dict[str, float]) -> float:
        return (
            self.popularity * weights["popularity"]
            + self.graph * weights["graph"]
            + self.category * weights["category"]
            + self.language * weights["language"]
            + self.new_creator * weights["new_creator"]
            + self.jitter * weights["jitter"]
        )

    def reasons(self, weights: dict[str, float]) -> tuple[str, ...]:
        """The labels of the signals that count in ``weights`` and are strong enough."""
        values = (self.popularity, self.graph, self.category, self.language, self.new_creator)
        return tuple(
            label
            for value, (name, (label, threshold)) in zip(values, REASONS.items(), strict=True)
            if value >= threshold and weights[name] > 0
        )


def jitter(seed: int, livestream_id: uuid.UUID) -> float:
    digest = hashlib.blake2b(
        livestream_id.bytes, digest_size=8, key=seed.to_bytes(8, "big", signed=True)
    ).digest()
    return int.from_bytes(digest, "big") / 2**64


def signals(
    candidate: Candidate, *, now: datetime, seed: int, viewer_language: str | None
) -> Signals:
    stream = candidate.card.livestream
    age_days = max(0, (now - candidate.channel_created_at).days)  # whole days: stable all day
    small = 1 / (1 + max(0, candidate.channel_followers) / SMALL_FOLLOWERS)
    new = max(0.0, 1 - age_days / NEW_CREATOR_DAYS)
    same_language = viewer_language is not None and primary_language(
        stream.language
    ) == primary_language(viewer_language)
    return Signals(
        popularity=min(1.0, math.log10(1 + max(0, stream.viewers)) / 4),
        graph=candidate.peers / (candidate.peers + 2),
        category=1.0 if candidate.followed_category else 0.0,
        language=1.0 if same_language else 0.0,
        new_creator=small * new,
        jitter=jitter(seed, stream.id),
    )


def rank(
    candidates: Sequence[Candidate],
    *,
    signed_in: bool,
    now: datetime,
    seed: int,
    viewer_language: str | None,
) -> list[RankedStream]:
    """Every candidate, best first, with its final score and reasons."""
    weights = SIGNED_IN if signed_in else ANONYMOUS
    scored = []
    for candidate in candidates:
        found = signals(candidate, now=now, seed=seed, viewer_language=viewer_language)
        scored.append((found.blend(weights), candidate, found.reasons(weights)))
    groups: dict[uuid.UUID | None, list[tuple[float, Candidate, tuple[str, ...]]]] = defaultdict(
        list
    )
    for item in scored:
        groups[item[1].card.livestream.category_id].append(item)
    decay = DIVERSITY[signed_in]
    ranked = []
    for group in groups.values():
        group.sort(key=lambda s: (s[0], s[1].card.livestream.id), reverse=True)
        for k, (base, candidate, reasons) in enumerate(group):
            ranked.append(RankedStream(candidate.card, base * decay**k, reasons))
    ranked.sort(key=lambda r: (r.score, r.card.livestream.id), reverse=True)
    return ranked

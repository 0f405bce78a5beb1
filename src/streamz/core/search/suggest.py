"""Autocomplete: names that complete what is being typed."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.search import rules
from streamz.core.search.entities import Suggestion
from streamz.ports.search import SearchIndex


@dataclass(frozen=True, slots=True)
class SuggestSearchRequest:
    actor: Principal
    text: str
    limit: int = 8


@dataclass(frozen=True, slots=True)
class SuggestSearch:
    """Channel and category names completing ``text`` (prefix match, typo tolerant).

    - Anyone may ask; ``text`` 1..100 characters; ``limit`` 1..20.
    - Live channels and busy categories come first among equally good matches.
    - Not counted for trending (only submitted searches are).
    """

    index: SearchIndex

    async def __call__(self, request: SuggestSearchRequest) -> list[Suggestion]:
        text = rules.query_text(request.text)
        if not text:
            raise Invalid.field("query.q", "type at least one character")
        limit = rules.limit(request.limit, high=20)
        return await self.index.suggest(text, limit)

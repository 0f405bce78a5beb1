from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.blocked_terms.entities import BlockedTerms
from streamz.core.chat.blocked_terms.writes import TermsWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class ListTermsRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class ListTerms:
    """A channel's blocked terms, oldest first (at most 1,000, so one page), and the version.

    - Anyone may read them: the product table marks this read as open on the Public API.
      Unknown channel: ``ChannelNotFound``.
    """

    writes: TermsWrites

    async def __call__(self, request: ListTermsRequest) -> BlockedTerms:
        channel = await self.writes.changes.find_channel(request.channel)
        return await self.writes.terms.list_for(channel.id)

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.chat.blocked_terms.entities import BlockedTerm
from streamz.core.chat.blocked_terms.errors import BlockedTermNotFound
from streamz.core.chat.blocked_terms.writes import TERM_REMOVED, TermsWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class DeleteTermRequest:
    actor: Principal
    channel: str  # channel id or slug
    term_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeleteTerm:
    """Unblocks a term. Writers as for ``CreateTerm``; a term of another channel, or none:
    ``BlockedTermNotFound``."""

    writes: TermsWrites

    async def __call__(self, request: DeleteTermRequest) -> BlockedTerm:
        access = await self.writes.authorize(request.actor, request.channel)
        existing = await self.writes.terms.list_for(access.channel.id, lock=True)
        term = next((t for t in existing.terms if t.id == request.term_id), None)
        if term is None:
            raise BlockedTermNotFound(f"no blocked term {request.term_id} in this chatroom")
        await self.writes.terms.remove(term.id)
        await self.writes.done(
            access, request.actor, TERM_REMOVED, {"term_id": str(term.id), "term": term.term}
        )
        return term

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.blocked_terms.entities import BlockedTerm
from streamz.core.chat.blocked_terms.errors import BlockedTermExists, BlockedTermLimitReached
from streamz.core.chat.blocked_terms.normalise import check_term
from streamz.core.chat.blocked_terms.writes import TERM_ADDED, TermsWrites
from streamz.core.errors import FieldError, Invalid
from streamz.core.identity.entities import Principal
from streamz.core.shared.ids import new_id

MAX_TERMS = 1000


@dataclass(frozen=True, slots=True)
class CreateTermRequest:
    actor: Principal
    channel: str  # channel id or slug
    term: str


@dataclass(frozen=True, slots=True)
class CreateTerm:
    """Blocks a term in a channel's chatroom.

    - Writers: see ``TermsWrites`` (owner, moderator with manage_terms_emotes, token with
      moderation:write, staff audited, system).
    - Term: 2-500 characters after trimming; ``*`` only at its start and/or end (``*bad``,
      ``bad*``, ``*bad*``); it must hold letters or digits. Otherwise ``Invalid``.
    - The same term once normalised (case, accents, look-alikes, punctuation) twice in a
      channel: ``BlockedTermExists``.
    - At most 1,000 terms per channel (``BlockedTermLimitReached``), counted under a lock.
    """

    writes: TermsWrites

    async def __call__(self, request: CreateTermRequest) -> BlockedTerm:
        access = await self.writes.authorize(request.actor, request.channel)
        errors: list[FieldError] = []
        term, key = check_term(errors, "body.term", request.term)
        if errors:
            raise Invalid("the blocked term is invalid", errors=errors)
        existing = await self.writes.terms.list_for(access.channel.id, lock=True)
        if any(t.normalised == key for t in existing.terms):
            raise BlockedTermExists(f"this chatroom already blocks {term!r} (as {key!r})")
        if len(existing.terms) >= MAX_TERMS:
            raise BlockedTermLimitReached(f"a chatroom has at most {MAX_TERMS} blocked terms")
        blocked = BlockedTerm(
            id=new_id(),
            channel_id=access.channel.id,
            term=term,
            normalised=key,
            created_by=request.actor.account_id,
            created_at=self.writes.changes.clock.now(),
        )
        await self.writes.terms.add(blocked)
        await self.writes.done(
            access, request.actor, TERM_ADDED, {"term_id": str(blocked.id), "term": term}
        )
        return blocked

"""Bindings of chatroom blocked terms."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.blocked_terms import MemoryBlockedTerms
from streamz.adapters.postgres.blocked_terms import PostgresBlockedTerms
from streamz.core.chat.blocked_terms.create_term import CreateTerm
from streamz.core.chat.blocked_terms.delete_term import DeleteTerm
from streamz.core.chat.blocked_terms.list_terms import ListTerms
from streamz.core.chat.blocked_terms.matcher_for import MatcherCache, MatcherFor
from streamz.core.chat.blocked_terms.writes import TermsWrites
from streamz.ports.blocked_terms import BlockedTermRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    terms = provide(PostgresBlockedTerms, provides=BlockedTermRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    terms = provide(MemoryBlockedTerms, provides=BlockedTermRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope); the compiled-matcher cache lives per process."""

    scope = Scope.REQUEST

    cache = provide(MatcherCache, scope=Scope.APP)
    writes = provide(TermsWrites)
    terms = provide_all(ListTerms, CreateTerm, DeleteTerm, MatcherFor)

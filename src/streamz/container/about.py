"""Bindings of channel content: panels and social links."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.about import MemoryPanels, MemorySocialLinks
from streamz.adapters.postgres.about import PostgresPanels, PostgresSocialLinks
from streamz.core.channels.about.create_link import CreateLink
from streamz.core.channels.about.create_panel import CreatePanel
from streamz.core.channels.about.delete_link import DeleteLink
from streamz.core.channels.about.delete_panel import DeletePanel
from streamz.core.channels.about.list_links import ListLinks
from streamz.core.channels.about.list_panels import ListPanels
from streamz.core.channels.about.reorder_links import ReorderLinks
from streamz.core.channels.about.reorder_panels import ReorderPanels
from streamz.core.channels.about.update_link import UpdateLink
from streamz.core.channels.about.update_panel import UpdatePanel
from streamz.ports.about import PanelRepository, SocialLinkRepository


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    panels = provide(PostgresPanels, provides=PanelRepository)
    links = provide(PostgresSocialLinks, provides=SocialLinkRepository)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    panels = provide(MemoryPanels, provides=PanelRepository)
    links = provide(MemorySocialLinks, provides=SocialLinkRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    panels = provide_all(ListPanels, CreatePanel, UpdatePanel, ReorderPanels, DeletePanel)
    links = provide_all(ListLinks, CreateLink, UpdateLink, ReorderLinks, DeleteLink)

"""`streamzctl search ...` (the Internal tier of search, acting as the system):
- `search query|channels|categories|livestreams TEXT`: search (as the HTTP API shows it);
- `search suggest TEXT`, `search trending [--window hour|day]`;
- `search reindex [--collection X]`: rebuild into new versions and swap aliases (progress bar);
- `search reconcile [--collection X]`: compare Postgres with the index and repair it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from streamz.core.identity.entities import Principal
from streamz.core.search.entities import Filters, Kind, SearchPage, SortBy
from streamz.core.search.reconcile import ReconcileSearch, ReconcileSearchRequest
from streamz.core.search.reindex import Reindexed, ReindexSearch, ReindexSearchRequest
from streamz.core.search.search import Search, SearchRequest, SearchResults
from streamz.core.search.suggest import SuggestSearch, SuggestSearchRequest
from streamz.core.search.trending import TrendingSearches, TrendingSearchesRequest
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    resolve_settings,
    run_with_container,
)
from streamz.entrypoints.http.search.views import (
    CategoryResults,
    ChannelResults,
    LivestreamResults,
    SearchAllOut,
    SuggestionOut,
    TrendingPage,
)

if TYPE_CHECKING:
    from dishka import AsyncContainer

SYSTEM = Principal.system()
search = typer.Typer(
    help="Search channels, categories and live streams; reindex and reconcile.",
    no_args_is_help=True,
)
Text = Annotated[str, typer.Argument(help="what to look for ('' for everything)")]
Live = Annotated[bool, typer.Option("--live", help="only live channels / busy categories")]
CategoryFilter = Annotated[str | None, typer.Option("--category", help="category id or slug")]
Language = Annotated[str | None, typer.Option(help="only this language (BCP 47)")]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="live streams with it (repeat)")]
Sort = Annotated[SortBy, typer.Option(help="how hits are ordered")]
Limit = Annotated[int, typer.Option(min=1, max=50, help="hits per page (and per type)")]
After = Annotated[str | None, typer.Option(help="cursor from `next`")]
Collections = Annotated[
    list[Kind] | None, typer.Option("--collection", help="a collection (repeat; default all)")
]
Window = Literal["hour", "day"]


def _search(
    kinds: tuple[Kind, ...],
    text: str,
    live: bool,
    category: str | None,
    language: str | None,
    tags: list[str] | None,
    sort: str,
    limit: int,
    after: str | None,
) -> SearchResults:
    filters = Filters(live, category, language, tuple(tags or ()))
    request = SearchRequest(SYSTEM, text, kinds, filters, sort, limit, after)
    result: SearchResults = call(Search, request)
    return result


@search.command("query")
@cli_errors
def query_all(
    text: Text,
    live: Live = False,
    category: CategoryFilter = None,
    language: Language = None,
    tag: Tags = None,
    sort: Sort = SortBy.RELEVANCE,
    limit: Limit = 10,
) -> None:
    """Search all three types at once; the first page of each."""
    results = _search(tuple(Kind), text, live, category, language, tag, sort, limit, None)
    echo_json(SearchAllOut.of(results))


def _register_kind(kind: Kind) -> None:
    views: dict[Kind, Callable[[SearchPage], object]] = {
        Kind.CHANNELS: ChannelResults.of,
        Kind.CATEGORIES: CategoryResults.of,
        Kind.LIVESTREAMS: LivestreamResults.of,
    }

    @search.command(kind.value)
    @cli_errors
    def one_kind(
        text: Text,
        live: Live = False,
        category: CategoryFilter = None,
        language: Language = None,
        tag: Tags = None,
        sort: Sort = SortBy.RELEVANCE,
        limit: Limit = 20,
        after: After = None,
    ) -> None:
        results = _search((kind,), text, live, category, language, tag, sort, limit, after)
        echo_json(views[kind](results.pages[0]))

    one_kind.__doc__ = f"Search {kind.value} (a page; pass `next` as --after)."


for _kind in Kind:
    _register_kind(_kind)


@search.command("suggest")
@cli_errors
def suggest(
    text: Annotated[str, typer.Argument(help="what is typed so far")],
    limit: Annotated[int, typer.Option(min=1, max=20)] = 8,
) -> None:
    """Channel and category names completing TEXT."""
    found = call(SuggestSearch, SuggestSearchRequest(SYSTEM, text, limit))
    echo_json({"data": [SuggestionOut.of(s) for s in found]})


@search.command("trending")
@cli_errors
def trending(
    window: Annotated[Window, typer.Option(help="the last hour or day")] = "hour",
    limit: Annotated[int, typer.Option(min=1, max=50)] = 10,
) -> None:
    """The most searched queries of the last hour or day."""
    rows = call(TrendingSearches, TrendingSearchesRequest(SYSTEM, window, limit))
    echo_json(TrendingPage.of(window, rows))


@search.command("reindex")
@cli_errors
def reindex(
    collection: Collections = None,
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="documents per import")] = 2000,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="default: when stderr is a terminal"),
    ] = None,
) -> None:
    """Rebuild collections from Postgres into new versions, then swap their aliases."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    console = Console(stderr=True, soft_wrap=True, highlight=False)
    show = console.is_terminal if progress is None else progress

    async def work(container: AsyncContainer) -> list[Reindexed]:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console, disable=not show) as bar:
            tasks: dict[Kind, TaskID] = {}

            def advance(kind: Kind, done: int, total: int) -> None:
                if kind not in tasks:
                    tasks[kind] = bar.add_task(kind.value, total=total)
                bar.update(tasks[kind], completed=done, total=total)

            async with container() as scope:
                use_case = await scope.get(ReindexSearch)
                request = ReindexSearchRequest(SYSTEM, tuple(collection or ()), batch, advance)
                return await use_case(request)

    done = run_with_container(resolve_settings(), work)
    echo_json(
        [
            {
                "collection": r.kind.value,
                "version": r.collection,
                "documents": r.documents,
                "replaced": r.dropped,
            }
            for r in done
        ]
    )


@search.command("reconcile")
@cli_errors
def reconcile(collection: Collections = None) -> None:
    """Compare Postgres with the index; upsert what differs, delete what is extra."""
    results = call(ReconcileSearch, ReconcileSearchRequest(SYSTEM, tuple(collection or ())))
    echo_json(
        [
            {
                "collection": r.kind.value,
                "checked": r.checked,
                "upserted": r.upserted,
                "deleted": r.deleted,
            }
            for r in results
        ]
    )


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add `streamzctl search`."""
    root.add_typer(search, name="search")

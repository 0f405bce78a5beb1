"""The Typesense 0.24 schemas and query parameters of the three collections."""

from __future__ import annotations

from typing import Any

from streamz.core.search.entities import Kind, SortBy

_OPT = {"optional": True}
_FP = {"name": "fp", "type": "string", "index": False, "optional": True}
_CATEGORY = [
    {"name": "category_id", "type": "string", "facet": True, **_OPT},
    {"name": "category_slug", "type": "string", **_OPT},
    {"name": "category", "type": "string", **_OPT},
    {"name": "category_keys", "type": "string[]", "facet": True, **_OPT},  # id and slug
]
_SEPARATORS = ["_", "-", "."]

FIELDS: dict[Kind, list[dict[str, Any]]] = {
    Kind.CHANNELS: [
        {"name": "username", "type": "string"},
        {"name": "display_name", "type": "string"},
        {"name": "bio", "type": "string", **_OPT},
        {"name": "followers", "type": "int64"},
        {"name": "is_live", "type": "bool", "facet": True},
        {"name": "live", "type": "int32"},  # 1 live, 0 offline: a sort key
        {"name": "viewers", "type": "int64"},
        *_CATEGORY,
        {"name": "language", "type": "string", "facet": True, **_OPT},
        _FP,
    ],
    Kind.CATEGORIES: [
        {"name": "name", "type": "string"},
        {"name": "slug", "type": "string"},
        {"name": "aliases", "type": "string[]", **_OPT},
        {"name": "followers", "type": "int64"},
        {"name": "live_viewers", "type": "int64"},
        {"name": "cover_url", "type": "string", "index": False, **_OPT},
        {"name": "category_keys", "type": "string[]", "facet": True, **_OPT},
        _FP,
    ],
    Kind.LIVESTREAMS: [
        {"name": "livestream_id", "type": "string", "index": False, **_OPT},
        {"name": "channel_username", "type": "string"},
        {"name": "channel_display_name", "type": "string"},
        {"name": "title", "type": "string"},
        {"name": "tags", "type": "string[]", "facet": True},
        *_CATEGORY,
        {"name": "language", "type": "string", "facet": True},
        {"name": "mature", "type": "bool", "facet": True},
        {"name": "viewers", "type": "int64"},
        {"name": "followers", "type": "int64"},
        {"name": "started_at", "type": "int64"},
        _FP,
    ],
}
DEFAULT_SORT = {
    Kind.CHANNELS: "followers",
    Kind.CATEGORIES: "followers",
    Kind.LIVESTREAMS: "viewers",
}

QUERY_BY: dict[Kind, dict[str, str]] = {
    Kind.CHANNELS: {
        "query_by": "username,display_name,category,bio",
        "query_by_weights": "4,4,1,1",
        "prefix": "true,true,true,false",
    },
    Kind.CATEGORIES: {"query_by": "name,aliases", "query_by_weights": "2,1", "prefix": "true,true"},
    Kind.LIVESTREAMS: {
        "query_by": "title,channel_username,channel_display_name,category,tags",
        "query_by_weights": "3,3,3,2,1",
        "prefix": "true,true,true,true,true",
    },
}

SORT: dict[Kind, dict[SortBy, str]] = {
    Kind.CHANNELS: {
        SortBy.RELEVANCE: "_text_match:desc,live:desc,followers:desc",
        SortBy.VIEWERS: "viewers:desc,_text_match:desc,followers:desc",
        SortBy.FOLLOWERS: "followers:desc,_text_match:desc,live:desc",
    },
    Kind.CATEGORIES: {
        SortBy.RELEVANCE: "_text_match:desc,live_viewers:desc,followers:desc",
        SortBy.VIEWERS: "live_viewers:desc,_text_match:desc,followers:desc",
        SortBy.FOLLOWERS: "followers:desc,_text_match:desc,live_viewers:desc",
    },
    Kind.LIVESTREAMS: {
        SortBy.RELEVANCE: "_text_match:desc,viewers:desc,followers:desc",
        SortBy.VIEWERS: "viewers:desc,_text_match:desc",
        SortBy.FOLLOWERS: "followers:desc,_text_match:desc,viewers:desc",
    },
}


def schema(kind: Kind, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "fields": FIELDS[kind],
        "default_sorting_field": DEFAULT_SORT[kind],
        "token_separators": _SEPARATORS,
    }

"""The ``NotificationRenderer`` port on Jinja2: ``notifications/<locale>/<kind>.<part>``.

Parts: ``push_title``, ``push_body``, ``email_subject``, ``email_text`` (plain text),
``email_html`` (autoescaped). A locale without a template falls back to ``en``; a kind
without a template falls back to ``generic``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    TemplateNotFound,
    select_autoescape,
)

from streamz.core.notifications.entities import Kind
from streamz.ports.notifications import Rendered

ROOT = Path(__file__).parent / "notifications"
DEFAULT_LOCALE = "en"


class JinjaNotificationRenderer:
    def __init__(self, root: Path = ROOT) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(root)),
            autoescape=select_autoescape(enabled_extensions=("html",), default=False),
            undefined=ChainableUndefined,
            trim_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,
        )
        self._cache: dict[tuple[str, str, str], str] = {}

    def _name(self, locale: str, kind: str, part: str) -> str:
        key = (locale, kind, part)
        if key not in self._cache:
            ext = "html" if part == "email_html" else "txt"
            base = locale.split("-", maxsplit=1)[0].lower() if locale else DEFAULT_LOCALE
            for k in (kind, "generic"):  # the kind in any locale before a generic text
                for loc in dict.fromkeys((locale, base, DEFAULT_LOCALE)):
                    name = f"{loc}/{k}.{part}.{ext}"
                    try:
                        self._env.get_template(name)
                    except TemplateNotFound:
                        continue
                    self._cache[key] = name
                    break
                if key in self._cache:
                    break
            else:
                raise TemplateNotFound(f"{kind}.{part}")
        return self._cache[key]

    def _part(self, locale: str, kind: Kind, part: str, payload: Mapping[str, Any]) -> str:
        template = self._env.get_template(self._name(locale, kind.value, part))
        return template.render(p=_Payload(payload), kind=kind.value).strip()

    def render(self, kind: Kind, medium: str, locale: str, payload: Mapping[str, Any]) -> Rendered:
        if medium == "push":
            return Rendered(
                self._part(locale, kind, "push_title", payload),
                self._part(locale, kind, "push_body", payload),
            )
        return Rendered(
            self._part(locale, kind, "email_subject", payload),
            self._part(locale, kind, "email_text", payload),
            self._part(locale, kind, "email_html", payload),
        )


class _Payload(dict[str, Any]):
    """Missing keys render as empty text (payloads differ by event version)."""

    def __missing__(self, key: str) -> str:
        return ""

    def __getattr__(self, key: str) -> Any:
        return self[key]

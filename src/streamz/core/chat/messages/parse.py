"""Cuts a message into fragments: emotes by their code, ``@mentions``, links, and text."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from streamz.core.chat.messages.entities import Fragment, FragmentKind

MAX_LENGTH = 500
MAX_MENTIONS = 10  # distinct usernames looked up per message
_TOKEN = re.compile(r"\S+|\s+")
_MENTION = re.compile(r"@([A-Za-z0-9_]{3,25})\b")
# scheme links, www. links and bare domains with a known-looking top-level domain
_LINK = re.compile(
    r"(?i)\b(?:https?://\S+|www\.\S+\.\S+|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.(?:com|net|org|io|tv|gg|co|me|ly|xyz|app"
    r"|dev|info|biz|us|uk|de|fr|ru|be|link|live|stream|to|cc|tk|ml|ga|cf|gl)(?:/\S*)?)\b"
)
_BREAKS = re.compile(r"[\r\n\t]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(content: str) -> str:
    """The text as stored: trimmed; newlines and tabs become spaces."""
    return _BREAKS.sub(" ", content).strip()


def has_control(content: str) -> bool:
    return _CONTROL.search(content) is not None


def mentioned_names(content: str) -> list[str]:
    """Distinct usernames after ``@``, lowercased, first ``MAX_MENTIONS`` in order."""
    names: list[str] = []
    for match in _MENTION.finditer(content):
        name = match.group(1).lower()
        if name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def has_link(content: str) -> bool:
    return _LINK.search(content) is not None


@dataclass(frozen=True, slots=True)
class Parsed:
    fragments: tuple[Fragment, ...]
    emote_only: bool  # nothing but emotes (and spaces)


def fragments(
    content: str, emotes: Mapping[str, uuid.UUID], mentions: Mapping[str, uuid.UUID]
) -> Parsed:
    """Words equal to a usable emote code become emote fragments; ``@name`` of a known account a
    mention; links a link; runs of everything else are merged into text fragments."""
    out: list[Fragment] = []
    text: list[str] = []
    only_emotes = True

    def flush() -> None:
        if text:
            out.append(Fragment(FragmentKind.TEXT, "".join(text)))
            text.clear()

    for token in _TOKEN.findall(content):
        if token.isspace():
            text.append(token)
            continue
        emote = emotes.get(token)
        if emote is not None:
            flush()
            out.append(Fragment(FragmentKind.EMOTE, token, emote_id=emote))
            continue
        only_emotes = False
        mention = _MENTION.fullmatch(token.rstrip(",.!?:;"))
        account = mentions.get(mention.group(1).lower()) if mention else None
        if account is not None:
            flush()
            out.append(Fragment(FragmentKind.MENTION, token, account_id=account))
        elif _LINK.fullmatch(token.rstrip(",.!?:;)")):
            flush()
            out.append(Fragment(FragmentKind.LINK, token))
        else:
            text.append(token)
    flush()
    # spaces only between emotes are not text worth keeping apart
    return Parsed(tuple(out), only_emotes and any(f.kind is FragmentKind.EMOTE for f in out))

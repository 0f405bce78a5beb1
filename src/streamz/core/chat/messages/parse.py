"""Cuts a message into fragments: emotes by their code, ``@mentions``, links, and text."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from streamz.core.chat.blocked_terms.normalise import fold
from streamz.core.chat.messages.entities import Fragment, FragmentKind

MAX_LENGTH = 500
MAX_MENTIONS = 10  # distinct usernames looked up per message
_TOKEN = re.compile(r"\S+|\s+")
_MENTION = re.compile(r"@([A-Za-z0-9_]{3,25})\b")
_TLD_NAMES = (
    "com|net|org|io|tv|gg|co|me|ly|xyz|app|dev|info|biz|us|uk|de|fr|ru|be|link|live|stream|to"
    "|cc|tk|ml|ga|cf|gl"
)
_TLDS = _TLD_NAMES.split("|")
_TLD = "(?:" + "|".join(_TLDS) + ")"
_TLD_BEHIND = "(?:" + "|".join(rf"(?<=\.{tld})" for tld in _TLDS) + ")"  # the last label
_SPACED_TLD = r"(?:com|org|io|xyz|ru)"  # top-level domains that are not English words
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"  # letters and digits of any script, inner hyphens
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_PORT_PATH = r"(?::\d{1,5})?(?:/\S*)?"
# any scheme, www. links, host names ending in a known top-level domain, IPv4 and bracketed
# IPv6 addresses (with a port and path if any). Each starts only where a run of its characters
# starts and takes its host name whole (atomic), so a check stays linear in the text.
_LINK = re.compile(
    r"(?i)(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://\S+"
    r"|\bwww\.\S+\.\S+"
    rf"|(?<![\w.])(?>{_LABEL}(?:\.{_LABEL})*){_TLD_BEHIND}(?![\w-]){_PORT_PATH}"
    rf"|(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?!\w|\.\d){_PORT_PATH}"
    rf"|\[[0-9a-f.]*:[0-9a-f.]*:[0-9a-f.:]*\]{_PORT_PATH}"
)
# a dot written to dodge link filters: example[.]com, example(dot)com, example . com
_OBFUSCATED = re.compile(
    rf"(?i)\b(?>{_LABEL})\s*"
    r"(?:\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\})"
    rf"\s*{_TLD}\b"
    rf"|\b(?>{_LABEL})(?: +\. *| *\. +){_SPACED_TLD}\b"
)
_HINT = re.compile(r"[.:]|(?i:dot)")  # no link of any kind without one of these
# what browsers (WHATWG URL, UTS #46) read as a dot in a host name, after NFKC
_DOTS = str.maketrans(dict.fromkeys("\u3002\uff0e\uff61", "."))
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


def link_form(content: str) -> str:
    """``content`` as a browser reads a host name: NFKC (full-width letters and dots), every
    Unicode full stop a dot, casefolded, no accents or invisible characters, look-alike
    letters as ASCII (``еxample.com`` with a Cyrillic ``е`` is a link, to another domain)."""
    if content.isascii():
        return content
    return fold(unicodedata.normalize("NFKC", content).translate(_DOTS))


def has_link(content: str) -> bool:
    """A link as a browser would make one (see ``link_form``), or one written to dodge this
    check: ``example[.]com``, ``example(dot)com`` (any known top-level domain) and spaced dots,
    ``example . com``, before a top-level domain that is not an English word."""
    text = link_form(content)
    if _HINT.search(text) is None:
        return False
    return _LINK.search(text) is not None or _OBFUSCATED.search(text) is not None


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

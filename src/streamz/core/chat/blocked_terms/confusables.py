"""Which characters look like an ASCII letter or digit, from the Unicode confusables data.

The data is Unicode's ``confusables.txt`` (UTS #39, the source of "skeletons") as the
``confusable-homoglyphs`` package ships it: ``confusables.json``, each line of the text file
stored both ways (``a -> b`` under ``a`` and ``b -> a`` under ``b``), so the direction is lost.
Every source character in ``confusables.txt`` has exactly one prototype and prototypes have no
prototype of their own, so the data is a set of stars: the characters that share a prototype
form one class, the prototype linked to all the others. This module reads the file as data
(it does not import the package's code) and keeps, for every character that can be told apart
from plain ASCII, the ASCII letter or digit it stands for:

1. its class's prototype when that is one ASCII letter or digit (``օ`` -> ``o``), else the one
   ASCII letter or digit in the class (``rn``'s class holds ``m``);
2. else, because chat text is casefolded before it is compared, the same taken from the upper
   case of the class's members: ``ʜ`` is in the class of ``н``, which is the lower case of
   ``Н``, a look-alike of ``H``, so ``ʜ`` -> ``h`` (Latin small capitals, Cyrillic, Cherokee);
   when those disagree (``г`` could be ``r`` or ``y``) the character is left alone.

ASCII characters are never keys (digits and symbols used as letters are leetspeak, which the
matcher maps itself), and targets are lower case. The table is built once, at first use, and
is then one ``str.translate`` table: a lookup per character whatever the number of terms.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from importlib import resources

_PACKAGE = "confusable_homoglyphs"  # data only: its ``confusables.json``
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")  # around right-to-left characters


def _single_ascii_alnum(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalnum()


def _classes(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, frozenset[str]]]:
    """For every character or sequence in the data: its class's prototype and members."""
    links: dict[str, set[str]] = {}
    for a, b in pairs:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)
    classes: dict[str, tuple[str, frozenset[str]]] = {}
    for start in links:
        if start in classes:
            continue
        members = {start}
        pending = [start]
        while pending:
            for other in links[pending.pop()]:
                if other not in members:
                    members.add(other)
                    pending.append(other)
        # the star's centre; in a class of two, the ASCII one when there is one
        prototype = max(sorted(members), key=lambda m: (len(links[m]), m.isascii()))
        frozen = frozenset(members)
        for member in members:
            classes[member] = (prototype, frozen)
    return classes


def _pairs() -> Iterable[tuple[str, str]]:
    data = resources.files(_PACKAGE).joinpath("confusables.json").read_text(encoding="utf-8")
    raw: dict[str, list[dict[str, str]]] = json.loads(data)
    for char, entries in raw.items():
        source = char.translate(_DIRECTION_MARKS)
        for entry in entries:
            yield source, entry["c"].translate(_DIRECTION_MARKS)


def build(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The look-alike table of confusable ``pairs`` (see the module's docstring)."""
    classes = _classes(pairs)

    def letter(char: str) -> str | None:
        entry = classes.get(char)
        if entry is None:
            return char.lower() if _single_ascii_alnum(char) else None
        prototype, members = entry
        if _single_ascii_alnum(prototype):
            return prototype.lower()
        found = {m.lower() for m in members if _single_ascii_alnum(m)}
        return found.pop() if len(found) == 1 else None

    def target(char: str) -> str | None:
        direct = letter(char)
        if direct is not None:
            return direct
        members = classes[char][1] if char in classes else frozenset((char,))
        found = {
            letter(upper)
            for member in members
            if len(member) == 1
            for upper in (member.upper(), member.title())
            if len(upper) == 1 and upper != member
        } - {None}
        return found.pop() if len(found) == 1 else None

    table: dict[str, str] = {}
    for key in classes:
        for char in {key, key.lower(), key.casefold()}:
            if len(char) == 1 and not char.isascii() and char not in table:
                value = target(char)
                if value is not None:
                    table[char] = value
    return table


@functools.cache
def look_alikes() -> dict[str, str]:
    """Non-ASCII character -> the lower-case ASCII letter or digit it looks like."""
    return build(_pairs())

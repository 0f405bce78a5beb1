"""Matching chat text against a channel's blocked terms (stdlib only).

Text is normalised (see ``normalise``), so words are separated by single spaces, and padded
with a space at each end. Each term's key then becomes one plain pattern whose spaces encode
word boundaries:

- ``bad``   -> ``" bad "``  (a whole word or phrase)
- ``bad*``  -> ``" bad"``   (words starting with it)
- ``*bad``  -> ``"bad "``   (words ending with it)
- ``*bad*`` -> ``"bad"``    (anywhere, even inside a word)

All patterns go into one Aho–Corasick automaton, built once per term set: a check walks the
text once, one transition per character, however many terms there are.

Two spellings are read loosely, only when the normalised text holds them (a cheap search
decides, so ordinary messages take the single walk above):

- single letters or digits separated by spaces or punctuation (``b a d``, ``b.a.d``, ``b-a-d``)
  are also read joined (``bad``); two or more in a row, never joined to a longer word;
- a run of three or more of the same letter (``heeeck``, ``asssss``) stands for one or more of
  it: the walk follows every such reading at once (a set of automaton states, bounded), so
  ``heck``, ``ass`` and ``hello`` (``heeelllooo``) are found. Two of a letter are two letters:
  ``good`` is not ``god``, ``heeck`` is not ``heck``. Digits are not letters here, even read
  as leetspeak: ``1000`` is not ``10``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from streamz.core.chat.blocked_terms.normalise import (
    WILDCARD,
    normalise_digits_kept,
    normalise_text,
)

_MEMO_BUDGET = 1_000_000  # resolved transitions remembered per matcher (memory bound)
_MAX_READINGS = 256  # automaton states followed at once through stretched letters
# worth a loose reading (two cheap searches): two single characters in a row in the padded
# text, or a run of three of one character (of a letter, once digits are told apart)
_SPACED = re.compile(r" [^ ] [^ ] ")
_RUN = re.compile(r"(.)\1\1")
_STRETCHED = re.compile(r"([^\W\d_])\1\1")
_SINGLES = re.compile(r"(?<!\S)\S(?: \S)+(?!\S)")  # "b a d" in "so b a d ok"


def pattern_of(key: str) -> str:
    """The boundary-encoded pattern of a term's matching key. The key is normalised again, so
    keys stored by an older normalisation match as a new one would."""
    head = "" if key.startswith(WILDCARD) else " "
    tail = "" if key.endswith(WILDCARD) else " "
    return f"{head}{normalise_text(key.strip(WILDCARD))}{tail}"


def joined(text: str) -> str:
    """Normalised ``text`` with every run of two or more single characters joined."""
    return _SINGLES.sub(lambda m: m.group().replace(" ", ""), text)


class BlockedTermMatcher:
    """A compiled term set. ``match(text)``: the first blocked term found (as entered), or None.

    Build it from ``(term, key)`` pairs, ``key`` as ``check_term`` made it. Its only change
    after building is remembering resolved transitions (same answers, fewer steps), so one
    instance can serve every task of the process.
    """

    __slots__ = ("_fail", "_goto", "_memo", "_out", "size")

    def __init__(self, terms: Iterable[tuple[str, str]]) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._out: list[str | None] = [None]
        self.size = 0
        for term, key in terms:
            self._add(pattern_of(key), term)
            self.size += 1
        self._fail: list[int] = [0] * len(self._goto)
        self._link()
        self._memo = 0

    @classmethod
    def empty(cls) -> BlockedTermMatcher:
        return cls(())

    def _add(self, pattern: str, term: str) -> None:
        state = 0
        for char in pattern:
            nxt = self._goto[state].get(char)
            if nxt is None:
                nxt = len(self._goto)
                self._goto[state][char] = nxt
                self._goto.append({})
                self._out.append(None)
            state = nxt
        if self._out[state] is None:
            self._out[state] = term

    def _link(self) -> None:
        """Failure links breadth-first; each state's output falls back to its failure's (the
        longest proper suffix that is also a pattern prefix), so one lookup per step suffices."""
        queue = list(self._goto[0].values())
        head = 0
        while head < len(queue):
            state = queue[head]
            head += 1
            for char, nxt in self._goto[state].items():
                fallback = self._fail[state]
                while fallback and char not in self._goto[fallback]:
                    fallback = self._fail[fallback]
                target = self._goto[fallback].get(char, 0)
                self._fail[nxt] = target if target != nxt else 0
                if self._out[nxt] is None:
                    self._out[nxt] = self._out[self._fail[nxt]]
                queue.append(nxt)

    def match(self, text: str) -> str | None:
        if self.size == 0:
            return None
        normal = normalise_text(text)
        padded = f" {normal} "
        found = self._walk(padded)
        if found is not None or (_SPACED.search(padded) is None and _RUN.search(normal) is None):
            return found
        marked = normalise_digits_kept(text)  # which letters were digits
        together = joined(normal)
        if together != normal:
            found = self._walk_stretched(together, joined(marked))
        if found is None and _STRETCHED.search(marked) is not None:
            found = self._walk_stretched(normal, marked)
        return found

    def _walk(self, padded: str) -> str | None:
        goto, out = self._goto, self._out
        state = 0
        for char in padded:
            nxt = goto[state].get(char)
            if nxt is None:
                nxt = self._resolve(state, char)
            state = nxt
            found = out[state]
            if found is not None:
                return found
        return None

    def _step(self, state: int, char: str) -> int:
        nxt = self._goto[state].get(char)
        return self._resolve(state, char) if nxt is None else nxt

    def _walk_stretched(self, normal: str, marked: str) -> str | None:
        """The walk where a run of 3+ of a letter (a letter in ``marked`` too: not a digit) may
        stand for 1 to all of it."""
        out = self._out
        states = {0}
        start = 0
        padded = f" {marked} "
        for char, group in itertools.groupby(f" {normal} "):
            run = len(list(group))
            source = padded[start : start + run]
            start += run
            stretched = run >= 3 and source.isalpha() and source == source[0] * run
            after: set[int] = set()
            for first in states:
                state = first
                for step in range(run):
                    state = self._step(state, char)
                    if out[state] is not None:
                        return out[state]
                    if stretched or step == run - 1:
                        after.add(state)
            states = after if len(after) <= _MAX_READINGS else set(sorted(after)[:_MAX_READINGS])
        return None

    def _resolve(self, state: int, char: str) -> int:
        """The transition from ``state`` on ``char`` through failure links, remembered in
        ``state``'s table (up to a budget), so the next text pays one lookup per character
        whatever the number of terms: the automaton turns into a DFA where the chat goes."""
        target = state
        while target and char not in self._goto[target]:
            target = self._fail[target]
        nxt = self._goto[target].get(char, 0)
        if self._memo < _MEMO_BUDGET:
            self._goto[state][char] = nxt
            self._memo += 1
        return nxt

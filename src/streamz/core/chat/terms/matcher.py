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
"""

from __future__ import annotations

from collections.abc import Iterable

from streamz.core.chat.terms.normalise import WILDCARD, normalise_text

_MEMO_BUDGET = 1_000_000  # resolved transitions remembered per matcher (memory bound)


def pattern_of(key: str) -> str:
    """The boundary-encoded pattern of a term's matching key."""
    head = "" if key.startswith(WILDCARD) else " "
    tail = "" if key.endswith(WILDCARD) else " "
    return f"{head}{key.strip(WILDCARD)}{tail}"


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
        goto, out = self._goto, self._out
        state = 0
        for char in f" {normalise_text(text)} ":
            nxt = goto[state].get(char)
            if nxt is None:
                nxt = self._resolve(state, char)
            state = nxt
            found = out[state]
            if found is not None:
                return found
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

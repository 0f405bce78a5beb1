"""Blocked-term checks per second with 10 and with 1,000 terms (target: ratio <= 1.05).

Pure core, no servers: ``uv run python bench/blocked_terms.py [--seconds N] [--rounds N]``.
Builds one ``BlockedTermMatcher`` per term set (as the per-channel cache does, once per
version), then checks a fixed mix of realistic chat messages, most of them clean (the common
case: the whole message is walked). The two sets take turns for ``--rounds`` rounds and each
keeps its best round, so a busy neighbour on a shared machine slows both alike rather than
whichever ran while it was busy. Prints checks/s for each set and the ratio 10 / 1,000.
"""

from __future__ import annotations

import argparse
import random
import time

import _summary

from streamz.core.chat.blocked_terms.matcher import BlockedTermMatcher
from streamz.core.chat.blocked_terms.normalise import check_term
from streamz.core.errors import FieldError

WORDS = [
    "gg",
    "wp",
    "that",
    "was",
    "insane",
    "lol",
    "pog",
    "clip",
    "it",
    "chat",
    "is",
    "wild",
    "today",
    "nice",
    "play",
    "streamer",
    "when",
    "is",
    "the",
    "next",
    "stream",
    "hello",
    "from",
    "brazil",
    "first",
    "time",
    "here",
    "love",
    "the",
    "music",
]


def term_set(size: int, rng: random.Random) -> BlockedTermMatcher:
    """``size`` distinct made-up terms, a quarter of each wildcard form."""
    letters = "bcdfghjklmnpqrvwxz"
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(pairs) < size:
        core = "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
        term = rng.choice((core, f"{core}*", f"*{core}", f"*{core}*"))
        errors: list[FieldError] = []
        _, key = check_term(errors, "term", term)
        if not errors and key not in seen:
            seen.add(key)
            pairs.append((term, key))
    return BlockedTermMatcher(pairs)


def messages(rng: random.Random, count: int = 500) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 20))) for _ in range(count)]


def rate(matcher: BlockedTermMatcher, texts: list[str], seconds: float) -> float:
    checks = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for text in texts:
            matcher.match(text)
        checks += len(texts)
    return checks / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="per term set")
    parser.add_argument("--rounds", type=int, default=6, help="turns each set takes")
    _summary.add_option(parser)
    args = parser.parse_args()
    rng = random.Random(4)
    texts = messages(rng)
    small, large = term_set(10, rng), term_set(1000, rng)
    rate(small, texts, 0.3)  # warm up (and the matchers' remembered transitions)
    rate(large, texts, 0.3)
    each = args.seconds / args.rounds
    few = many = 0.0
    for _ in range(args.rounds):
        few = max(few, rate(small, texts, each))
        many = max(many, rate(large, texts, each))
    print(f"10 terms:    {few:>10,.0f} checks/s")
    print(f"1,000 terms: {many:>10,.0f} checks/s")
    print(f"ratio (10 / 1,000): {few / many:.2f} (target <= 1.05)")
    _summary.write(args.summary_json, {"few.checks_per_s": few, "many.checks_per_s": many})


if __name__ == "__main__":
    main()

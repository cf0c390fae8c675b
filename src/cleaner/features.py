"""Cheap features of one line of text that rules and heuristics share (words, prose, headline)."""

from __future__ import annotations

import re

import regex

__all__ = [
    "HEADLINE_MAX_WORDS",
    "PROSE_MIN_WORDS",
    "ends_sentence",
    "is_prose",
    "line_head",
    "looks_like_headline",
    "looks_like_name",
    "lowered_word_tokens",
    "tokens_of",
    "word_count",
    "word_tokens",
]

_TERMINAL = regex.compile(r"[.!?…:;][\"'”’)\]]*$|[.!?…][\"'”’)\]]*\s*\(\w[^)]*\)$")
_TERMINAL_LAST = frozenset(".!?…:;\"'”’)]")
_LETTER = regex.compile(r"\p{L}")

# A body paragraph in a news article runs to 20-60 words; 12 is the shortest one-sentence
# paragraph the seeds and the WCXB dev pages show inside article bodies ("Asked what the U.S.
# military can do ...", 21 words; one-line quotes of 12-15 words).
PROSE_MIN_WORDS = 12

# Headlines on the WCXB dev pages run 4-20 words; 25 leaves room for long-winded ones.
HEADLINE_MAX_WORDS = 25


_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens_of(text: str) -> frozenset[str]:
    """The lowercased words and symbols of a line, as a set: what rules' `requires` gate on."""
    return frozenset(_TOKEN.findall(text.lower()))


_WORD = re.compile(r"\w+")


def word_tokens(text: str) -> list[str]:
    """The lowercased `\\w+` words of a line, in order (no punctuation tokens)."""
    return lowered_word_tokens(text.lower())


def lowered_word_tokens(lowered: str) -> list[str]:
    """`word_tokens` of a line already in lower case: a block has its lowercased text cached."""
    return _WORD.findall(lowered)


_LEADING_NON_WORD = re.compile(r"\W+")


def line_head(lowered: str) -> str:
    """A lowercased line without the bullets, dashes and spaces it opens with: what a rule's
    `starts` gate compares its words with."""
    leading = _LEADING_NON_WORD.match(lowered)
    return lowered[leading.end() :] if leading else lowered


def fold_line(text: str) -> str:
    """Case and spacing folded, outer punctuation stripped: how two copies of a line compare."""
    folded = text.casefold()
    # Normalized text has single plain spaces already; every other whitespace character is
    # unprintable, so the costly split-and-join runs only where it changes something.
    if "  " in folded or not folded.isprintable() or folded.startswith(" ") or folded.endswith(" "):
        folded = " ".join(folded.split())
    return folded.strip(" .,;:!?\"'“”‘’()[]")


def word_count(text: str) -> int:
    """Whitespace-separated words: cheap, and what a reader counts."""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Ends like a sentence: a full stop, question or exclamation mark, maybe inside quotes."""
    # Only the end matters; searching the last characters keeps long paragraphs cheap.
    tail = text.rstrip()[-48:]
    # Both of _TERMINAL's branches end in one of these characters: the lines that end in
    # another (menu items and headlines end in a letter) are told at one look, without a search.
    if tail[-1:] not in _TERMINAL_LAST:
        return False
    return bool(_TERMINAL.search(tail))


def is_prose(text: str, words: int | None = None) -> bool:
    """A line that reads as a body paragraph: long enough and ending like a sentence.

    `words` is the line's word count when the caller has it already (a block does)."""
    if words is None:
        words = word_count(text)
    return words >= PROSE_MIN_WORDS and ends_sentence(text)


def looks_like_headline(text: str) -> bool:
    """A short line that reads as a title: starts with a capital or digit, no closing full stop."""
    stripped = text.strip()
    if not stripped or len(stripped) > 200:
        return False
    words = word_count(stripped)
    if not 2 <= words <= HEADLINE_MAX_WORDS:
        return False
    first = stripped[0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'"):
        return False
    return not stripped.endswith((".", ",", ";")) or stripped.endswith("...")


def looks_like_name(text: str) -> bool:
    """A short proper name (an outlet, a person): 1-4 words, each capitalized or all caps."""
    words = text.split()
    if not 1 <= len(words) <= 4 or len(text) > 40:
        return False
    return all(
        w[0].isupper() or w[0].isdigit() or w.lower() in {"of", "the", "and", "&", "de"} for w in words
    ) and bool(_LETTER.search(text))

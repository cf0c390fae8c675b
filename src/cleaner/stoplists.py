"""jusText's stoplists (about 100 languages), and the choice of one by a text's own words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from functools import cache, cached_property

__all__ = ["LANGUAGE_MIN_SHARE", "Stoplists", "shared_stoplists"]

# Too few stopwords in the whole text to tell its language: the page is left as it is.
LANGUAGE_MIN_SHARE = 0.15


class Stoplists:
    """jusText's stoplists (about 100 languages) and the choice of one by the text's words.

    Loaded on first use; the lists are data shipped with jusText (a dependency of
    trafilatura), so the choice depends on the text alone.
    """

    def __init__(self) -> None:
        # the last sample and its choice: a page's later rounds often sample the same lines
        self._last_choice: tuple[tuple[str, ...], tuple[str, Collection[str]] | None] | None = None

    @cached_property
    def _lists(self) -> dict[str, Collection[str]]:
        import justext

        # Each list as a dict of its words rather than a frozenset: a dict that holds only
        # strings is not tracked by the garbage collector, which otherwise walks the lists'
        # 190,000 words at every full collection (1% of the cleaning's instructions on text-body).
        return {name: dict.fromkeys(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}

    @cached_property
    def _ranked(self) -> tuple[str, ...]:
        """The languages in the order that breaks ties: the shorter list first, which is the
        more specific, then the later name."""
        lists = self._lists
        return tuple(sorted(lists, key=lambda name: (-len(lists[name]), name), reverse=True))

    @cached_property
    def _languages_of(self) -> dict[str, tuple[int, ...]]:
        """The languages whose list has a word, as positions in `_ranked`."""
        # Tuples grown in place rather than lists turned into tuples: most words are in one or
        # two lists, and this builds the 154,000 entries in 0.07 s against 0.18, a cost that the
        # first page read in page mode pays.
        index: dict[str, tuple[int, ...]] = {}
        get = index.get
        for position, name in enumerate(self._ranked):
            alone = (position,)
            for word in self._lists[name]:
                known = get(word)
                index[word] = alone if known is None else known + alone
        return index

    def choose(self, tokens: Sequence[str]) -> tuple[str, Collection[str]] | None:
        """The language whose stoplist covers most of the tokens; None when none covers enough.

        Shares, not counts: a language wins by the part of the text its stopwords make up, so
        a long stoplist does not win on words every language lists.
        """
        if not tokens:
            return None
        sample = tuple(tokens)
        last = self._last_choice  # read once: another thread may replace it
        if last is not None and last[0] == sample:
            return last[1]
        chosen = self._choose(sample)
        self._last_choice = (sample, chosen)
        return chosen

    def _choose(self, tokens: Sequence[str]) -> tuple[str, Collection[str]] | None:
        # counted in a list by position, not in a Counter by name: the loop runs some fifteen
        # times a token (the short words many languages list), and this is the cheaper form
        hits = [0] * len(self._ranked)
        languages_of = self._languages_of
        for token, count in Counter(tokens).items():
            for position in languages_of.get(token, ()):
                hits[position] += count
        # the most covered tokens; max keeps the first of equals, the preferred in `_ranked`
        best = max(range(len(hits)), key=hits.__getitem__)
        if hits[best] / len(tokens) < LANGUAGE_MIN_SHARE:
            return None
        name = self._ranked[best]
        return name, self._lists[name]


@cache
def shared_stoplists() -> Stoplists:
    """One for the process: loading the lists and indexing their words takes most of a second,
    and every cleaner has this step (an HTML cleaner has a second one, for filling gaps)."""
    return Stoplists()

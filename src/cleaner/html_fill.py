"""Article text that the HTML extraction left out, found again in the page's whole text.

trafilatura takes the article from one container. Pages that split an article over several
(a listicle's entries, page-builder blocks, one section per place reviewed) lose the others,
and a page's own words can't bring them back. The whole-page reading of the plain-text path
(`page.py`), run on the same page's text, keeps them: it knows nothing of containers, only of
running text. Where the two agree on the article's long paragraphs, the lines that the page
reading keeps *between* two of them and the extraction lacks are the article's too.

Added only when they are a sizable part of the article: a line or two between paragraphs is
as often a caption, a pull quote or an ad's blurb as a lost paragraph, and trafilatura had its
reasons. The three values below were chosen together on the 709 WCXB dev pages as a whole
(anchors 15-25 tokens, shares 0.05-0.2, line lengths 0-15 all score word F1 0.947-0.950
against 0.941 without filling; `benchmarks/quality.py --inputs html`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .features import word_tokens
from .html_text import LIST_MARK, line_words

__all__ = [
    "ANCHOR_MIN_TOKENS",
    "DECLARED_HELD_SHARE",
    "DECLARED_MIN_TOKENS",
    "FILL_LINE_MIN_TOKENS",
    "FILL_MIN_SHARE",
    "Filled",
    "GapFiller",
    "fill_from_declared",
]

# A line both readings keep is an anchor when it is this long: a paragraph, not a title or a
# label that could stand anywhere on the page.
ANCHOR_MIN_TOKENS = 25
# Lines are added only when they bring at least this share of the extraction's own words.
FILL_MIN_SHARE = 0.1
# A shorter line is added only as the heading of a longer one that is added (or of the next
# anchor): alone, it is more likely a label, a price or a button than the article's.
FILL_LINE_MIN_TOKENS = 10

# The article a page declares in its JSON-LD (schema.org `articleBody`) is taken for one when it
# is this long; shorter ones are descriptions and teasers.
DECLARED_MIN_TOKENS = 150
# A text holds the declared article when it holds this share of its word trigrams. On the 43 WCXB
# dev pages that declare one, the extraction holds 0.69 to 0.95 of it on all but two, which hold
# 0.21 (a gallery: the extraction took its introduction) and 0.49 (the extraction took a sidebar
# and half the article). The value sits in that gap: the page at 0.69 declares more than its
# article (product widgets), and the page's lines in its declaration would score word F1 0.75
# where its extraction scores 0.98.
DECLARED_HELD_SHARE = 0.6


@dataclass(frozen=True)
class Filled:
    """The extraction's text with the lines it lacked put in their place, and how many."""

    text: str
    added: int


class _Reference:
    """A text to look lines up in: does a line "stand" in it, and after which of its lines.

    Indexed once, so that each look-up costs the line's length, not the text's: a page with
    thousands of paragraphs is looked up thousands of times.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.words = 0
        self.ngrams: set[tuple[str, ...]] = set()  # every run of one to three words in a line
        self.line_of_trigram: dict[tuple[str, ...], int] = {}  # its first line
        for index, line in enumerate(lines):
            tokens = word_tokens(line)
            self.words += len(tokens)
            self.ngrams.update((t,) for t in tokens)
            self.ngrams.update(pairwise(tokens))
            for trigram in zip(tokens, tokens[1:], tokens[2:], strict=False):
                self.ngrams.add(trigram)
                self.line_of_trigram.setdefault(trigram, index)

    def held(self, tokens: Sequence[str]) -> float:
        """The share of a text's word trigrams that occur here (0 for one of under three words)."""
        trigrams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
        return sum(t in self.ngrams for t in trigrams) / len(trigrams) if trigrams else 0.0

    def stands(self, tokens: Sequence[str]) -> bool:
        """A long line stands when half its word trigrams occur here; a short one when whole."""
        if len(tokens) >= 4:
            return self.held(tokens) >= 0.5
        return tuple(tokens) in self.ngrams

    def line_of(self, tokens: Sequence[str]) -> int:
        """The index of the line here that holds the most of a line's word trigrams."""
        found = Counter(
            self.line_of_trigram[t]
            for t in zip(tokens, tokens[1:], tokens[2:], strict=False)
            if t in self.line_of_trigram
        )
        return found.most_common(1)[0][0] if found else 0


def _as_extracted(line: str) -> str:
    """A page-text line as the extraction writes it: a list item marked "- ", not "* "."""
    return "- " + line[len(LIST_MARK) :] if line.startswith(LIST_MARK) else line


def _anchored(reference: _Reference, lines: Sequence[str]) -> tuple[list[list[str]], list[bool], list[int]]:
    """Each line's words, whether it stands in the reference, and which lines are anchors."""
    tokens = [word_tokens(line) for line in lines]
    stands = [reference.stands(t) for t in tokens]
    anchors = [k for k, t in enumerate(tokens) if stands[k] and len(t) >= ANCHOR_MIN_TOKENS]
    return tokens, stands, anchors


def _raw_missing(extracted: str, page: str) -> list[tuple[str, int]]:
    """The page's raw lines between two anchors that the extraction lacks, with their words.

    A cheap stand-in for `_missing` on the page's raw text, to spare most pages the reading: a
    line stands here when it occurs in the extraction as it is (case aside), and words are what
    spaces separate. The extraction holds most of its paragraphs as the page does, so this finds
    about the same anchors; the reading keeps a part of the page's lines, so the words of the
    lines found missing here are about what it could add, and usually many more. About: a short
    line that the reading keeps can head a long one that stood two lines further down the raw
    page. The lines come lowercased.
    """
    whole = extracted.lower()
    paragraphs = set(whole.splitlines())
    # `page_text` has folded the spaces in each line, and marks list items as "* "
    lines = [line for line in page.lower().replace("\n* ", "\n").splitlines() if line]
    words = list(map(line_words, lines))

    def stands(line: str) -> bool:
        # A paragraph as it is; or, slower to find, within one: a line the extraction ran into
        # the next. A label of a few words could be found anywhere: not looked for.
        return line in paragraphs or (line.count(" ") >= 3 and line in whole)

    anchors = [k for k, line in enumerate(lines) if words[k] >= ANCHOR_MIN_TOKENS and stands(line)]
    if len(anchors) < 2:
        return []
    missing = []
    for k in range(anchors[0] + 1, anchors[-1]):
        long_enough = words[k] >= FILL_LINE_MIN_TOKENS
        heads_one = words[k + 1] >= FILL_LINE_MIN_TOKENS
        if (long_enough or heads_one) and not stands(lines[k]):
            missing.append((lines[k], words[k]))
    return missing


def _missing(reference: _Reference, lines: Sequence[str]) -> tuple[list[tuple[int, str]], int]:
    """The lines between two anchors that don't stand in the reference, each with the index of
    the reference line to put it after; and the words they hold."""
    tokens, stands, anchors = _anchored(reference, lines)
    missing: list[tuple[int, str]] = []
    words = 0
    for first, last in pairwise(anchors):
        after: int | None = None  # looked up for a gap with lines to add, not for every gap
        for k in range(first + 1, last):
            if stands[k]:
                continue
            long_enough = len(tokens[k]) >= FILL_LINE_MIN_TOKENS
            heads_one = len(tokens[k + 1]) >= FILL_LINE_MIN_TOKENS and (k + 1 == last or not stands[k + 1])
            if long_enough or heads_one:
                if after is None:
                    after = reference.line_of(tokens[first])
                missing.append((after, lines[k]))
                words += len(tokens[k])
    return missing, words


class GapFiller:
    """Puts the article lines that an extraction left out back in, from the page's text.

    `read_page` is the whole-page reading: the page's text in, the lines it keeps out. It is
    the expensive part, so it runs only when the page's raw lines could bring enough.
    """

    def __init__(self, read_page: Callable[[str], Sequence[str]]) -> None:
        self.read_page = read_page

    def fill(self, extracted: str, page: str) -> Filled | None:
        """The extraction completed from the page, or None when nothing is to be added."""
        own = [line for line in extracted.splitlines() if line.strip()]
        if not own:
            return None
        # What the page's raw lines could add about bounds what the reading's lines add: most
        # pages stop here, at little cost; most of the rest once the lines found missing are
        # looked up in the indexed extraction (on the 709 WCXB dev pages, 116 pages pass the
        # first test, 69 the second, and 54 have lines added).
        raw_missing = _raw_missing(extracted, page)
        if sum(words for _, words in raw_missing) < FILL_MIN_SHARE * extracted.count(" "):
            return None
        reference = _Reference(own)
        enough = FILL_MIN_SHARE * reference.words
        # Looked up as `_missing` looks lines up (half their word trigrams), a line the extraction
        # holds with a word changed, or run into another, is not missing after all.
        if sum(words for line, words in raw_missing if not reference.stands(word_tokens(line))) < enough:
            return None
        kept = [line for line in self.read_page(page) if line.strip()]
        missing, adds = _missing(reference, kept)
        if not missing or adds < enough:
            return None
        after: dict[int, list[str]] = {}
        for position, line in missing:
            after.setdefault(position, []).append(_as_extracted(line))
        text = "\n".join(
            line for position, own_line in enumerate(own) for line in [own_line, *after.get(position, [])]
        )
        return Filled(text=text, added=len(missing))


def fill_from_declared(extracted: str, page: str, declared: str) -> Filled | None:
    """The page's lines that carry the article it declares (`html_meta.declared_body`), when the
    extraction lacks most of that article and they hold it; else None.

    A site's own statement of its article text is the best evidence of it that a page has, but
    sites write it carelessly (paragraphs run together, one word glued to the next), so the text
    is taken from the page's own lines: those that stand in the declared article, in page order,
    a short line only as the heading of a long one. The extraction's text is set aside: it held
    less than the share of the article that counts as holding it. (A page whose article is in
    its scripts alone is trafilatura's: it falls back on a declared article itself.)
    """
    declared_tokens = word_tokens(declared)
    if len(declared_tokens) < DECLARED_MIN_TOKENS:
        return None
    own = _Reference([line for line in extracted.splitlines() if line.strip()])
    if own.held(declared_tokens) >= DECLARED_HELD_SHARE:
        return None
    article = _Reference(declared.splitlines())
    lines = [line for line in page.splitlines() if line.strip()]
    tokens = [word_tokens(line) for line in lines]
    long_ones = [len(t) >= FILL_LINE_MIN_TOKENS and article.stands(t) for t in tokens]
    taken = [
        k
        for k, line_tokens in enumerate(tokens)
        if long_ones[k]
        or (k + 1 < len(lines) and long_ones[k + 1] and bool(line_tokens) and article.stands(line_tokens))
    ]
    carried = [lines[k] for k in taken]
    if _Reference(carried).held(declared_tokens) < DECLARED_HELD_SHARE:
        return None
    text = "\n".join(map(_as_extracted, carried))
    return Filled(text=text, added=sum(not own.stands(tokens[k]) for k in taken))

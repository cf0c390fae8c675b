"""Whole-page text (a crawl's dump, a browser's "select all"): find the article among the chrome."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from typing import Literal

import regex

from .config import Config
from .document import Block, Document
from .features import ends_sentence, looks_like_headline
from .regions import BodySpan
from .steps import Step
from .stoplists import shared_stoplists

__all__ = [
    "SelectArticleRegion",
    "densest_region",
    "line_score",
    "looks_like_whole_page",
]

# -- telling a whole page from an article container
# A page's header (logo, menu, sign-in, search) is a stack of short lines above the first
# paragraph; an article container starts with its headline, byline and text. Lists and tables
# inside an article are short lines too, but they come after its first paragraph. On the WCXB
# dev pages, four short lines above the first paragraph choose the whole-page reading for
# whole pages without changing the article containers' word F1 (0.893 either way; measured
# with `benchmarks/quality.py --inputs text-body,text-page`).
LIST_LINE_MAX_WORDS = 3
HEADER_MIN_SHORT_LINES = 4
# Two more marks of a whole page, which no article container carries: the accessibility link a
# page opens with ("Skip to main content"), above the first paragraph; and below the last one,
# the site's footer: a few short lines (links), one of them a legal link or notice (privacy,
# terms, cookies, copyright). An article can end with one copyright line or a credit ("Photo:
# ©iStock"), so the footer needs its short lines as well. On the WCXB dev pages they read 56
# more of the 709 whole pages as pages (673; word F1 0.907 -> 0.914) and no more of the article
# containers (8, as before; F1 unchanged); a footer of 1 to 10 short lines gives 0.914 alike.
SKIP_LINK = regex.compile(
    r"(?:[*+•-]\s+)?skip (?:to (?:the )?(?:main )?content|navigation)", regex.IGNORECASE
)
FOOTER_LEGAL = regex.compile(
    r"\b(?:privacy|cookies?|copyright|all rights reserved|terms (?:of (?:use|service)|and conditions"
    r"|& conditions)|site ?map)\b|©",
    regex.IGNORECASE,
)
FOOTER_MIN_SHORT_LINES = 3
# The site's copyright notice ("© 2025 Example Media. All rights reserved.", "Copyright 2010-2025
# Example Ltd") at the start of a line of at most this many words. Among short lines it is the
# site's footer, and a third mark of a whole page where the page's end matter (a cookie dialog's
# text) stands below it, so that its last paragraph is below the footer: on the WCXB dev pages,
# two more whole pages read as pages (word F1 +0.18 each), no article container.
COPYRIGHT_NOTICE = regex.compile(
    r"(?:(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}|.{0,120}?\ball rights reserved)|\d{4}\s*©).*",
    regex.IGNORECASE,
)
NOTICE_MAX_WORDS = 25
# The end matter below a footer is looked for this far above the last paragraph: on the dev pages
# a cookie dialog runs to 47 lines below the notice, and articles, which are asked too, are spared
# reading all their lines.
END_MATTER_MAX_LINES = 60

# -- scoring lines for the article region
# The four values below were chosen together from a grid (floor 0.15-0.3, costs 0-4, bonus
# 0-0.2) on all 709 WCXB dev pages at once: the most residue removed while content kept stays
# at 0.97 or more (the region alone: 0.50 and 0.97; word F1 0.89, flat across the grid's best).
# A line pays its tokens times (stopword share - STOPWORD_SHARE_FLOOR): running text in the
# languages of jusText's stoplists has 35-55% stopwords, menus, link lists and bylines 0-10%.
STOPWORD_SHARE_FLOOR = 0.2
# A line with no stopword at all ("Health", "Bill Pay", "Share") or of at most three tokens
# costs this much more: it is what a page's chrome is made of.
NO_STOPWORD_COST = 2.0
SHORT_LINE_COST = 2.0
SHORT_LINE_MAX_TOKENS = 3
# A sentence ending is a sign of running text: each token of a line of 8+ tokens that ends like
# a sentence earns this much more.
SENTENCE_BONUS = 0.2
SENTENCE_MIN_TOKENS = 8
# A line of fewer tokens than this that does not end like a sentence is a heading, a menu entry
# or a link to another page: its words can be as stopword-rich as prose ("Q&A with the editor of
# the new wine guide - 12 August 2016"), so a long list of headlines below an article would
# outweigh the menus between them and the article and pull the region down over them. Such a
# line adds nothing to a region (its score is at most 0); inside one it stays, as a subheading.
# On the 709 dev pages any limit from 16 to 45 tokens gives word F1 0.903-0.904 (0.898 without
# the cap; 0.903 with no limit, which also takes weight from long paragraphs cut off mid-way).
UNENDED_LINE_MAX_TOKENS = 20
# A line that ends in an ellipsis is cut off: mostly the teaser of another page under its
# headline ("... and how it changed travel in Iceland for good..."), which a list of such
# teasers below an article would add to the region as sentences. It scores as a line that does
# not end like a sentence; inside the region it stays, as a paragraph that trails off. On the
# 709 WCXB dev pages, text-page lines of 8+ words ending so hold 3,632 residue tokens and 810
# content tokens; scored so, 13 pages change, all for the better (word F1 +1.05 summed,
# 2,362 residue tokens more removed, 10 content tokens lost).
CUT_OFF_ENDS = ("...", "…")
# The article is the densest region of prose, so it holds most of the text's paragraphs. When
# `auto` mode took a text for a page by its look and the region found holds less than this share
# of their words, the text is no article among chrome but an article cut up by long lists or
# tables (a listicle's entries, a review's pros and cons, a table of figures), or a page of
# several texts: cutting to the region would lose most of it, and the text is read as an article
# instead. (A text known to be a page, by `mode="page"` or the HTML fallback, is cut all the
# same.) On the 709 dev pages, a third to 0.4 gives word F1 0.918 (0.914 without the test, 0.915
# at a quarter, 0.917 at a half).
REGION_MIN_PARAGRAPH_SHARE = 1 / 3
# What follows a page's footer is its end matter: a cookie dialog's long descriptions of each
# cookie, a sign-in form, a disclaimer. Their sentences can outweigh the footer's links between
# them and the article, and pull the region down over the footer. The footer is told by the
# site's copyright notice standing among short lines (FOOTER_MIN_SHORT_LINES of the lines this
# close on either side), and the region ends above it when the region's running text above it
# is at least this many times its running text below: the article is above the site's notice,
# while a notice-like line with most of the article below it is a credit or a quotation. On the
# 709 WCXB dev pages, the notices inside a region have 0 to 0.42 of its running text below them;
# the cut changes 15 whole pages and one article container, all for the better (text-page
# residue removed 0.619 -> 0.628, content kept 0.985 either way).
FOOTER_CONTEXT_LINES = 5
NOTICE_MIN_PROSE_ABOVE = 2.0
# A list of other articles under its heading ("More Stories", "Related Articles", "You may also
# like") ends the article the way the footer does: below it stand those articles' teasers (a
# headline, a date, a blurb of a sentence or two), and the blurbs read as prose and keep the region
# going. The rules take the heading out, and the headlines under it, but no blurb; in the next
# round the region ends above the heading, where its running text above the heading is at least
# NOTICE_MIN_PROSE_ABOVE times what lies below. An article's own box of related links stands
# inside it, and the article goes on below the box: this many paragraphs in a row below the
# heading, nothing between them, are the article's, and it stays (between two blurbs stands a
# teaser's headline, taken out or not). A heading the rules took more than once ("Read More"
# under every item of a roundup) is a link's label, and ends nothing. On the 709 WCXB dev pages,
# 61 whole pages change, all for the better (text-page word F1 0.9245 -> 0.9290, residue removed
# 0.643 -> 0.668, 58 content words lost). Without the paragraph test, 20 more pages change: 19
# gain, and one loses 454 words of its article below its related box (word F1 -0.06); taking a
# repeated heading too, one roundup loses its items (-0.05) and four pages gain 0.08 together.
ARTICLE_RESUMES_PARAGRAPHS = 2
# The headline stands just above the first paragraph, after at most a deck and a byline.
HEADLINE_LOOKBACK = 3
LANGUAGE_SAMPLE_TOKENS = 300  # a few sentences tell a stoplist's language


def looks_like_whole_page(blocks: Sequence[Block]) -> bool:
    """Whether the text holds a page's header (menus, sign-in, search, a skip link) above its
    first paragraph, or a page's footer (short links, a legal one among them) below its last."""
    body = BodySpan.of(blocks)
    above = blocks if body.first is None else blocks[: body.first]
    short = sum(1 for b in above if b.words <= LIST_LINE_MAX_WORDS)
    if short >= HEADER_MIN_SHORT_LINES or any(SKIP_LINK.match(b.text) for b in above):
        return True
    if body.last is None:  # no paragraph at all: nothing stands below one
        return False
    below = blocks[body.last + 1 :]
    short = sum(1 for b in below if b.words <= LIST_LINE_MAX_WORDS)
    if short >= FOOTER_MIN_SHORT_LINES and any(FOOTER_LEGAL.search(b.text) for b in below):
        return True
    # the site's footer with end matter below it (a cookie dialog's text): its last paragraph
    # stands below the footer
    start = max((body.first or 0) + 1, body.last - END_MATTER_MAX_LINES)
    return next(_site_footers(blocks, start, body.last), None) is not None


def _stopwords(block: Block, stoplist: Collection[str]) -> int:
    return sum(map(stoplist.__contains__, block.tokens))


def line_score(block: Block, stoplist: Collection[str], stopwords: int | None = None) -> float:
    """Positive for running text, negative for chrome; its size is how sure.

    `stopwords` is the line's count of the stoplist's words, when the caller has it already.
    """
    tokens = len(block.tokens)
    if stopwords is None:
        stopwords = _stopwords(block, stoplist)
    score = stopwords - STOPWORD_SHARE_FLOOR * tokens  # tokens x (stopword share - floor)
    sentence = ends_sentence(block.text) and not block.text.endswith(CUT_OFF_ENDS)
    if tokens >= SENTENCE_MIN_TOKENS and sentence:
        score += SENTENCE_BONUS * tokens
    if stopwords == 0:
        score -= NO_STOPWORD_COST
    if tokens <= SHORT_LINE_MAX_TOKENS:
        score -= SHORT_LINE_COST
    if not sentence and tokens < UNENDED_LINE_MAX_TOKENS:
        score = min(score, 0.0)
    return score


def describe_line(block: Block, stopwords: int, score: float) -> str:
    """The features that scored a line (its stopword count and `line_score`), for the trace."""
    tokens = len(block.tokens)
    share = stopwords / tokens if tokens else 0.0
    return f"{tokens} words, {share:.0%} stopwords, score {score:+.1f}"


def densest_region(scores: Sequence[float]) -> tuple[int, int] | None:
    """The span of lines with the largest sum of scores (first of equals); None if none is positive."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for position, score in enumerate(scores):
        if running <= 0:
            running, start = 0.0, position
        running += score
        if running > best:
            best, best_span = running, (start, position)
    return best_span


class SelectArticleRegion(Step):
    id = "page_region"
    description = (
        "On whole-page text (config `mode`: page, or auto and the text shows a page's header or "
        "footer), keep the densest region of running text (stopword share, sentence ends, "
        "length), with the headline just above it, and drop the page's chrome around it."
    )

    def __init__(self, config: Config, related_lists: Collection[str] = ()) -> None:
        super().__init__(config)
        self.stoplists = shared_stoplists()
        # the ids of the rules that take a heading and the other articles' headlines under it
        self.related_lists = frozenset(related_lists)

    # Dropping the chrome can leave a region whose own densest part is smaller (a paragraph
    # of the footer kept by the menu's neighbours); the search repeats until the region is the
    # whole text, so that cleaning the output again changes nothing. Two rounds on dev pages.
    MAX_ROUNDS = 8

    def run(self, doc: Document) -> Document:
        for _ in range(self.MAX_ROUNDS):
            if not self._narrow(doc):
                break
        return doc

    def _page_reading(self, doc: Document, kept: Sequence[Block]) -> Literal["known", "guessed"] | None:
        """Whether the kept blocks are to be read as a whole page: "known" when the config
        (`mode`) or the HTML path says so, "guessed" when `auto` mode judges it by the text's
        look, None when they are an article."""
        if self.config.mode != "auto":
            return "known" if self.config.mode == "page" else None
        if doc.metadata.extraction == "html-fallback":
            return "known"  # the page's every block: what the whole-page reading is for
        if doc.metadata.extraction is not None and doc.metadata.extraction.startswith("html"):
            return None  # trafilatura's extraction is the article already
        if doc.corpus is not None and doc.corpus.documents >= self.config.corpus_min_docs:
            # corpus mode knows this site's chrome from its other pages: that tells the
            # article from the page with certainty, where the density of prose is a guess
            return None
        if any(removal.rule == self.id for removal in doc.trace):
            # read as a page in an earlier round: the header and footer that told it are gone
            return "guessed"
        return "guessed" if looks_like_whole_page(kept) else None

    def _narrow(self, doc: Document) -> bool:
        """Drop what lies outside the densest region of the kept blocks; whether any was."""
        kept = doc.kept()
        reading = self._page_reading(doc, kept)
        if reading is None:
            return False
        chosen = self.stoplists.choose(_sample_tokens(kept))
        if chosen is None:
            return False
        stopwords, scores = _scored(doc, kept, *chosen)
        span = densest_region(scores)
        if span is None:
            return False
        first, last = span
        footer = _site_footer_in(kept, scores, first, last)
        if footer is not None:
            last = _densest_end(scores, first, footer)
        related = self._related_list_in(doc, kept, scores, first, last)
        if related is not None:
            last = related[0] - 1
        first = _with_headline(kept, first)
        if first == 0 and last == len(kept) - 1:
            return False
        if reading == "guessed" and _paragraph_share(kept, first, last) < REGION_MIN_PARAGRAPH_SHARE:
            return False  # no article among chrome: read as an article after all
        region = f"blocks {kept[first].index}-{kept[last].index}"
        for position, block in enumerate(kept):
            if first <= position <= last:
                continue
            features = describe_line(block, stopwords[position], scores[position])
            if footer is not None and position > footer:
                where = f"below the site's footer (its copyright notice, block {kept[footer].index})"
            elif related is not None and position >= related[0]:
                where = f"below a list of other articles (its heading, block {related[1]})"
            else:
                side = "above" if position < first else "below"
                where = f"{side} the densest region of running text ({region})"
            reason = f"{where}; {features}"
            doc.drop(block, self.id, reason=reason)
        return True

    def _related_list_in(
        self, doc: Document, blocks: Sequence[Block], scores: Sequence[float], first: int, last: int
    ) -> tuple[int, int] | None:
        """Where the region reaches below a list of other articles: the position of its first
        block below the list's heading, and the heading's block index. Only where the region's
        running text lies above the heading and the article's paragraphs don't go on below it
        (see ARTICLE_RESUMES_PARAGRAPHS); None where the region reaches below no such list."""
        taken = [r for r in doc.trace if r.action == "drop" and r.rule in self.related_lists]
        if not taken:
            return None
        # a "Read More" under every item of a roundup is a link's label, not a list's heading
        times = Counter(r.text.casefold() for r in taken)
        headings = sorted(r.block for r in taken if times[r.text.casefold()] == 1)
        indices = [block.index for block in blocks]
        for heading in headings:
            position = bisect.bisect_right(indices, heading)  # the first kept block below it
            if not first < position <= last:
                continue
            if not _text_lies_above(scores, first, position, position, last):
                continue
            if not _paragraphs_in_a_row(blocks[position : last + 1], ARTICLE_RESUMES_PARAGRAPHS):
                return position, heading
        return None


def _paragraphs_in_a_row(blocks: Sequence[Block], count: int) -> bool:
    """Whether `count` prose blocks follow one another among the blocks, with nothing between
    them in the text as it came (a teaser's headline that a rule took out breaks the row)."""
    run, previous = 0, -2
    for block in blocks:
        run = run + 1 if block.prose and block.index == previous + 1 else int(block.prose)
        previous = block.index
        if run >= count:
            return True
    return False


def _scored(
    doc: Document, blocks: Sequence[Block], language: str, stoplist: Collection[str]
) -> tuple[list[int], list[float]]:
    """Each block's stopword count and `line_score`, taken from the document's cache where
    an earlier round scored the same text in the same language."""
    cache = doc.line_scores
    stopwords: list[int] = []
    scores: list[float] = []
    for block in blocks:
        cached = cache.get(block.index)
        if cached is not None and cached[0] == language and cached[1] is block.text:
            count, score = cached[2], cached[3]
        else:
            count = _stopwords(block, stoplist)
            score = line_score(block, stoplist, count)
            cache[block.index] = (language, block.text, count, score)
        stopwords.append(count)
        scores.append(score)
    return stopwords, scores


def _paragraph_share(blocks: Sequence[Block], first: int, last: int) -> float:
    """The share of the text's paragraph words (lines that read as prose) within a span."""
    words = [b.words if b.prose else 0 for b in blocks]
    total = sum(words)
    return sum(words[first : last + 1]) / total if total else 1.0


# How a COPYRIGHT_NOTICE without a "©" starts, in the cases it is written in
_NOTICE_STARTS = ("Copyright", "copyright", "COPYRIGHT", "(c)", "(C)")


def _site_footers(blocks: Sequence[Block], start: int, stop: int) -> Iterator[int]:
    """The positions from `start` up to `stop` where the site's copyright notice stands among
    its footer's short lines."""
    # Asked of every article too (`looks_like_whole_page`), and of every line of a page's region:
    # the look for a "©" or a notice's first word, made here, spares most lines the whole test.
    for position, block in enumerate(blocks[start:stop], start):
        text = block.text
        if not ("©" in text or text.startswith(_NOTICE_STARTS)) or block.words > NOTICE_MAX_WORDS:
            continue
        if not COPYRIGHT_NOTICE.fullmatch(text):
            continue
        above = blocks[max(position - FOOTER_CONTEXT_LINES, 0) : position]
        below = blocks[position + 1 : position + 1 + FOOTER_CONTEXT_LINES]
        short = sum(1 for b in (*above, *below) if b.words <= LIST_LINE_MAX_WORDS)
        if short >= FOOTER_MIN_SHORT_LINES:
            yield position


def _site_footer_in(blocks: Sequence[Block], scores: Sequence[float], first: int, last: int) -> int | None:
    """The position of the site's footer notice inside a region, where the region's running text
    lies above it (see NOTICE_MIN_PROSE_ABOVE); None where the region reaches into no footer."""
    for position in _site_footers(blocks, first + 1, last + 1):
        if _text_lies_above(scores, first, position, position + 1, last):
            return position
    return None


def _text_lies_above(
    scores: Sequence[float], first: int, end_above: int, start_below: int, last: int
) -> bool:
    """Whether a region's running text (its lines' positive scores) before `end_above` is at
    least NOTICE_MIN_PROSE_ABOVE times its running text from `start_below` on: the article stands
    above the point where a footer or a list of other articles begins."""
    above = sum(max(score, 0.0) for score in scores[first:end_above])
    below = sum(max(score, 0.0) for score in scores[start_below : last + 1])
    return above >= NOTICE_MIN_PROSE_ABOVE * below


def _densest_end(scores: Sequence[float], first: int, stop: int) -> int:
    """Where a region starting at `first` and ending before `stop` has its largest sum: the
    footer's links above the notice go with what lies below it."""
    best, end, running = 0.0, first, 0.0
    for position in range(first, stop):
        running += scores[position]
        if running > best:
            best, end = running, position
    return end


def _sample_tokens(blocks: Sequence[Block]) -> list[str]:
    """Lowercased words of the longer lines, up to a sample's size: enough to tell the language."""
    sample: list[str] = []
    for block in blocks:
        if block.words >= SENTENCE_MIN_TOKENS:
            sample.extend(block.tokens)
            if len(sample) >= LANGUAGE_SAMPLE_TOKENS:
                break
    return sample


def _with_headline(blocks: Sequence[Block], first: int) -> int:
    """The region's first line, moved up to the headline if one stands just above it.

    The farthest title-like line of the few above: between a headline and its first paragraph
    stand a deck, a byline, a photo credit, which can look like titles too. Menu items are
    title-like as well, but shorter than a headline. The headline step then takes it into the
    metadata, and the outlet-line step the byline and date under it.
    """
    for position in range(max(first - HEADLINE_LOOKBACK, 0), first):
        block = blocks[position]
        if block.words > LIST_LINE_MAX_WORDS and looks_like_headline(block.text):
            if SKIP_LINK.match(block.text):  # title-like too, but the page's first link
                continue
            return position
    return first

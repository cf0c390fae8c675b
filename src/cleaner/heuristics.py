"""Heuristics where patterns are not enough: repeated captions, the headline, the outlet line."""

from __future__ import annotations

import regex

from .document import Block, Document
from .features import fold_line, looks_like_headline, looks_like_name, word_count
from .fields import parse_date, record, record_caption
from .steps import Step

__all__ = ["CollapseRepeatedBlocks", "DetectHeadline", "DetectOutletLine"]


# The verbs a button or link label starts with ("Check their rates", "Get a free estimate").
# A short line that starts with one and is printed more than once is a button, not a heading.
BUTTON_VERBS = frozenset(
    [
        "book",
        "browse",
        "buy",
        "check",
        "claim",
        "compare",
        "contact",
        "discover",
        "download",
        "explore",
        "find",
        "get",
        "go",
        "join",
        "learn",
        "order",
        "read",
        "register",
        "request",
        "reserve",
        "see",
        "shop",
        "sign",
        "start",
        "subscribe",
        "try",
        "view",
        "visit",
        "watch",
    ]
)


def _is_button(block: Block) -> bool:
    first = block.text.split(maxsplit=1)[0].strip("*•›»→+-").lower() if block.text.strip() else ""
    return (
        block.words <= CollapseRepeatedBlocks.BUTTON_MAX_WORDS and first in BUTTON_VERBS and not block.prose
    )


# A list item, a question, a heading: a page prints them twice too (a tab and its panel, a
# table's cells, an FAQ's index), and none of them describes a picture.
_LIST_MARKER = regex.compile(r"[*•·+–-]\s|\d{1,2}[.)]\s")
_SENTENCE_END = regex.compile(r"[.!?…](?=[\"'”’)\]]*(?:\s|$))")


def _could_be_caption(block: Block) -> bool:
    text = block.text
    return (
        block.words >= CollapseRepeatedBlocks.CAPTION_MIN_WORDS
        and not _LIST_MARKER.match(text)
        and not text.endswith("?")
        and not (looks_like_headline(text) and not _SENTENCE_END.search(text))
        and len(_SENTENCE_END.findall(text)) <= CollapseRepeatedBlocks.CAPTION_MAX_SENTENCES
    )


def _in_repeated_run(kept: list[Block], first: int, second: int) -> bool:
    """Whether the two copies stand in two copies of a longer run of lines (A B ... A B): the
    page printed a passage twice (a slider, a mobile and a desktop copy), not a caption."""
    if second - first < 2:
        return False
    after = second + 1 < len(kept) and kept[first + 1].folded == kept[second + 1].folded
    before = first > 0 and kept[first - 1].folded == kept[second - 1].folded
    return after or before


class CollapseRepeatedBlocks(Step):
    id = "repeated_block"
    description = (
        "A block printed twice within a few lines is a photo caption (image alt text and figure "
        "caption): one caption in metadata, none in the text; unless it is a list item, a "
        "question, a heading, a paragraph or part of a passage printed twice, of which the first "
        "copy stays. A longer block seen again further "
        "down is a repeat (pull quote, promo): the first one stays. A short line that starts "
        "with a verb such as 'Check', 'Get' or 'Try' and is printed more than once is a button: "
        "every copy leaves."
    )
    # Button labels on the WCXB dev pages run to six words ("Check their rates and availability").
    BUTTON_MAX_WORDS = 6

    # Image alt text and its caption stand at most two blocks apart (a credit line between).
    CAPTION_WINDOW = 3
    # A caption describes a picture: the shortest on the seeds and the dev pages run to five
    # words; a shorter line printed twice ("Share", "Pros") is a duplicate, and one copy stays.
    CAPTION_MIN_WORDS = 4
    # A caption is a sentence or two ("A man walks past a closed shop in Kabul. /AP"); a
    # paragraph of three sentences printed twice is the text printed twice.
    CAPTION_MAX_SENTENCES = 2
    # Far repeats of short lines ("Pros", "Learn more") are left to rules: a subheading may
    # legitimately repeat in a review. Six words is where the WCXB dev pages' repeated
    # subheadings end and repeated promos and pull quotes begin.
    FAR_REPEAT_MIN_WORDS = 6

    # Collapsing two copies can bring two others within the window: the pass repeats until it
    # removes nothing (three rounds at most on the dev pages; the bound guards odd inputs).
    MAX_ROUNDS = 8

    def run(self, doc: Document) -> Document:
        if not self.config.collapse_repeated_blocks:
            return doc
        for _ in range(self.MAX_ROUNDS):
            before = len(doc.trace)
            self._collapse(doc)
            if len(doc.trace) == before:
                break
        return doc

    def _collapse(self, doc: Document) -> None:
        kept = doc.kept()
        last_seen: dict[str, int] = {}  # folded text -> position of its latest copy
        first_seen: dict[str, int] = {}
        for position, block in enumerate(kept):
            if block.removed:
                continue
            key = block.folded
            if not key:
                continue
            latest = last_seen.get(key)
            last_seen[key] = position
            if latest is None:
                first_seen[key] = position
                continue
            if _is_button(block):
                first = kept[first_seen[key]]
                if not first.removed:
                    doc.drop(first, self.id, reason="a button: the same label is printed again below")
                doc.drop(block, self.id, reason=f"a button: repeats block {first.index}")
            elif (
                position - latest <= self.CAPTION_WINDOW
                and _could_be_caption(block)
                and not _in_repeated_run(kept, latest, position)
            ):
                self._caption(doc, kept[latest], block)
            elif position - latest <= self.CAPTION_WINDOW:
                doc.drop(block, self.id, reason=f"repeats block {kept[latest].index} right above it")
            elif block.words >= self.FAR_REPEAT_MIN_WORDS:
                doc.drop(block, self.id, reason=f"repeats block {kept[first_seen[key]].index}")

    def _caption(self, doc: Document, first: Block, second: Block) -> None:
        """Two copies of a line close together: a caption; a third copy joins them."""
        record_caption(doc.metadata, first.text, None)
        if self.config.keep_captions:
            doc.drop(second, self.id, reason=f"repeats block {first.index}")
            return
        if not first.removed:
            doc.move(first, self.id, "captions", reason=f"printed again as block {second.index}")
        doc.move(second, self.id, "captions", reason=f"repeats block {first.index}")


class DetectHeadline(Step):
    id = "headline"
    description = (
        "The short title-like first line, followed by the body (with at most a name or a date "
        "line between), is the headline: it moves to `title`; a title already known is removed "
        "wherever it stands at the top."
    )

    MIN_WORDS = 3
    # Between a headline and its first paragraph, sites print an outlet, a byline or a date:
    # at most two such lines on the seeds and the WCXB dev pages.
    MAX_LINES_BETWEEN = 2

    def run(self, doc: Document) -> Document:
        if not self.config.detect_title:
            return doc
        # Taking the first line can bring another title-like line to the top: repeat until the
        # top holds none, so that running this step again removes nothing.
        while self._take_first(doc):
            pass
        return doc

    def _take_first(self, doc: Document) -> bool:
        """Take the first kept block if it is a headline; say whether anything left the text."""
        kept = doc.kept()
        if not kept:
            return False
        first = kept[0]
        known = doc.metadata.title
        if known is not None and first.folded == fold_line(known):
            doc.move(first, self.id, "title", reason="equals the known title")
            return True
        if first.words < self.MIN_WORDS or not looks_like_headline(first.text) or first.prose:
            return False
        if known is not None and _is_masthead_line(first.text):
            return False  # a name or date under the title: the outlet step reads it
        # The line must open the body: only name or date lines may stand between.
        for position, block in enumerate(kept[1:], start=1):
            if block.prose:
                if position - 1 <= self.MAX_LINES_BETWEEN:
                    self._take(doc, first, known)
                    return True
                return False
            if not _is_masthead_line(block.text):
                return False
        return False

    def _take(self, doc: Document, block: Block, known: str | None) -> None:
        if known is None:
            record(doc.metadata, "title", block.text)
            doc.move(block, self.id, "title", reason="title-like first line above the body")
        else:
            # A second title-like opening line (a kicker, a tag line left once a call to action
            # above the body was peeled): cleaning the text again would take it, so take it now.
            doc.drop(block, self.id, reason="title-like first line above the body, after the title")


# Words that make a short line an outlet's name rather than a person's.
_OUTLET_WORD = regex.compile(
    r"\b(?:news|tv|times|post|daily|journal|media|press|radio|agency|network|herald|tribune|gazette"
    r"|online|magazine|review|weekly|today|channel|broadcasting|wire|report)\b",
    regex.IGNORECASE,
)
_ACRONYM = regex.compile(r"[\p{Lu}\p{N}&.-]{2,8}")


# A dateline under a headline ("Monday, 16 August 2021, 10:15 GMT") runs to eight words at most.
DATE_LINE_MAX_WORDS = 8


def _is_date_line(text: str) -> bool:
    return word_count(text) <= DATE_LINE_MAX_WORDS and parse_date(text) is not None


def _is_masthead_line(text: str) -> bool:
    """A line printed between a headline and the body: an outlet, a person's name, a date."""
    return _is_date_line(text) or looks_like_name(text)


class DetectOutletLine(Step):
    id = "outlet_line"
    description = (
        "The short lines between the headline and the body: an outlet's name (`CGTN`, `Press TV "
        "News`) moves to `source`, a date to `date`, a person's name to `author`."
    )

    def run(self, doc: Document) -> Document:
        if not self.config.detect_source:
            return doc
        title_moves = [r for r in doc.trace if r.field == "title" and r.rule == DetectHeadline.id]
        if not title_moves:
            return doc
        for block in doc.blocks[title_moves[0].block + 1 :]:
            if block.removed:
                continue
            if block.prose or not _is_masthead_line(block.text):
                break
            if _is_date_line(block.text):
                record(doc.metadata, "date", block.text)
                doc.move(block, self.id, "date", reason="date under the headline")
            elif _ACRONYM.fullmatch(block.text) or _OUTLET_WORD.search(block.text):
                record(doc.metadata, "source", block.text)
                doc.move(block, self.id, "source", reason="outlet name under the headline")
            else:
                record(doc.metadata, "author", block.text)
                doc.move(block, self.id, "author", reason="person's name under the headline")
        return doc

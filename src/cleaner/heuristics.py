"""Heuristics where patterns are not enough: repeated captions, the headline, the outlet line."""

from __future__ import annotations

import regex

from .document import Block, Document
from .features import is_prose, looks_like_headline, looks_like_name, word_count
from .fields import parse_date, record, record_caption
from .regions import BodySpan
from .steps import Step

__all__ = ["CollapseRepeatedBlocks", "DetectHeadline", "DetectOutletLine"]

_FOLD = regex.compile(r"[\W_]+")


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text.casefold()).strip()


class CollapseRepeatedBlocks(Step):
    id = "repeated_block"
    description = (
        "A block printed twice within a few lines is a photo caption (image alt text and figure "
        "caption): one caption in metadata, none in the text. A longer block seen again further "
        "down is a repeat (pull quote, promo): the first one stays."
    )

    # Image alt text and its caption stand at most two blocks apart (a credit line between).
    CAPTION_WINDOW = 3
    # Far repeats of short lines ("Pros", "Learn more") are left to rules: a subheading may
    # legitimately repeat in a review. Six words is where the WCXB dev pages' repeated
    # subheadings end and repeated promos and pull quotes begin.
    FAR_REPEAT_MIN_WORDS = 6

    def run(self, doc: Document) -> Document:
        if not self.config.collapse_repeated_blocks:
            return doc
        kept = doc.kept()
        seen: dict[str, int] = {}
        for position, block in enumerate(kept):
            if block.removed:
                continue
            key = _fold(block.text)
            if not key:
                continue
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = position
                continue
            first = kept[earlier]
            if position - earlier <= self.CAPTION_WINDOW and not first.removed:
                self._caption(doc, first, block)
            elif word_count(block.text) >= self.FAR_REPEAT_MIN_WORDS:
                doc.drop(block, self.id, reason=f"repeats block {first.index}")
        return doc

    def _caption(self, doc: Document, first: Block, second: Block) -> None:
        record_caption(doc.metadata, first.text, None)
        if self.config.keep_captions:
            doc.drop(second, self.id, reason=f"repeats block {first.index}")
            return
        doc.move(first, self.id, "captions", reason=f"printed again as block {second.index}")
        doc.move(second, self.id, "captions", reason=f"repeats block {first.index}")


class DetectHeadline(Step):
    id = "headline"
    description = (
        "The short title-like line at the top, before the body, is the headline: it moves to "
        "`title` when the top also shows other residue (breadcrumbs, widgets, a byline), or "
        "when it equals a title already known."
    )

    # The headline is among the first few lines that survive the rules; deeper than that a
    # short line is a subheading.
    MAX_POSITION = 2
    MIN_WORDS = 3

    def run(self, doc: Document) -> Document:
        if not self.config.detect_title:
            return doc
        kept = doc.kept()
        known = _fold(doc.metadata.title) if doc.metadata.title else None
        span = BodySpan.of(kept)
        head_residue = self._head_had_residue(doc, kept, span)
        for position, block in enumerate(kept[: self.MAX_POSITION + 1]):
            if not span.in_head(position):
                break
            if known is not None:
                if _fold(block.text) == known:
                    doc.move(block, self.id, "title", reason="equals the known title")
                    return doc
                continue
            if (
                word_count(block.text) >= self.MIN_WORDS
                and looks_like_headline(block.text)
                and not is_prose(block.text)
            ):
                if head_residue:
                    record(doc.metadata, "title", block.text)
                    doc.move(block, self.id, "title", reason="title-like line above the body")
                return doc
        return doc

    @staticmethod
    def _head_had_residue(doc: Document, kept: list[Block], span: BodySpan) -> bool:
        """Did rules take anything out of the top? Evidence that this is a scraped page's head.

        Without it a short first line may be the text's own opening (a heading of a clean
        article), and it stays; this also keeps cleaning idempotent.
        """
        if not doc.trace:
            return False
        first_body = kept[span.first].index if span.first is not None and kept else len(doc.blocks)
        return any(r.block < first_body for r in doc.trace)


class DetectOutletLine(Step):
    id = "outlet_line"
    description = (
        "A short name printed right under (or over) the headline, such as `CGTN`, is the outlet: "
        "it moves to `source`. A date there moves to `date`."
    )

    def run(self, doc: Document) -> Document:
        if not self.config.detect_source:
            return doc
        title_moves = [r for r in doc.trace if r.field == "title"]
        if not title_moves:
            return doc
        title_index = title_moves[0].block
        for neighbour in (title_index + 1, title_index - 1):
            if not 0 <= neighbour < len(doc.blocks):
                continue
            block = doc.blocks[neighbour]
            if block.removed:
                continue
            if parse_date(block.text) and word_count(block.text) <= 8:
                record(doc.metadata, "date", block.text)
                doc.move(block, self.id, "date", reason="date beside the headline")
            elif doc.metadata.source is None and looks_like_name(block.text) and word_count(block.text) <= 3:
                record(doc.metadata, "source", block.text)
                doc.move(block, self.id, "source", reason="short name beside the headline")
        return doc

"""Photo captions as a page's markup marks them (`<figcaption>`), for the metadata.

trafilatura leaves figures out of the article's text, captions and all, so on HTML input the
rules never see them, and the metadata would lose what the text path keeps. The markup says
which text is a caption; what is left to tell is which part of it is the credit. Pages mark it
too, often (a `<cite>`, or a class such as "photo-credit"), and where they don't, the caption
rules that split a credit off a line of text split it off the caption ("... Photo: Reuters").

Not every `<figcaption>` is a photo's. A figure can hold a quote, whose caption names who said
it (next to the speaker's portrait, as often as not), and teaser cards of other articles put
their headline in one; so a caption counts only in a figure that shows a picture and holds no
quote, and not where it is a link (or mostly one). What stands in the chrome the pruner took out
(a sidebar's cards) is not looked at: this runs while it is out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .fields import is_credit_line
from .html_prune import class_word_pattern, has_class_word
from .html_text import folded, text_without
from .rules.model import CAPTION_GROUPS, Action, Rule

__all__ = ["CaptionSplitter", "MarkupCaption", "figure_captions"]

# What a figure shows when it shows a picture (an embedded video's frame, too).
_PICTURE_TAGS = ("img", "picture", "video", "svg", "iframe", "object", "embed")
# Class words of the element a page puts a caption's credit in ("photo-credit", "attribution",
# the image's "caption-owner"); whole words, as `html_prune` reads class names. <cite> is the
# tag for it.
_CREDIT_CLASS = class_word_pattern(("credit", "credits", "copyright", "attribution", "photographer", "owner"))
# A caption whose links hold more than this share of its text is a link: a teaser's headline.
MAX_LINK_SHARE = 0.5
# A caption is a sentence or a few; a longer <figcaption> is a page's text inside a figure.
MAX_CAPTION_WORDS = 80


@dataclass(frozen=True)
class MarkupCaption:
    """A caption's text, and its credit where the markup sets the credit apart."""

    text: str
    credit: str | None = None


def _is_credit(element: Any) -> bool:
    return element.tag == "cite" or has_class_word(element, _CREDIT_CLASS)


def _caption(figcaption: Any) -> MarkupCaption | None:
    whole = folded(figcaption.text_content())
    if not whole or len(whole.split()) > MAX_CAPTION_WORDS:
        return None
    linked = sum(len(folded(a.text_content())) for a in figcaption.iter("a"))
    if linked > MAX_LINK_SHARE * len(whole):
        return None
    credit = next((e for e in figcaption.iterdescendants() if isinstance(e.tag, str) and _is_credit(e)), None)
    if credit is None:
        return MarkupCaption(whole)
    return MarkupCaption(
        folded(text_without(figcaption, lambda e: e is credit)), folded(credit.text_content()) or None
    )


def figure_captions(tree: Any) -> list[MarkupCaption]:
    """The captions of the pictures a parsed page shows, in page order."""
    found = []
    for figcaption in tree.iter("figcaption"):
        figure = next(figcaption.iterancestors("figure"), None)
        if figure is None or next(figure.iter(*_PICTURE_TAGS), None) is None:
            continue
        if next(figure.iter("blockquote"), None) is not None:  # a quote's figure: who said it
            continue
        if next(figcaption.iterancestors("a"), None) is not None:
            continue
        caption = _caption(figcaption)
        if caption is not None:
            found.append(caption)
    return found


class CaptionSplitter:
    """Splits a credit off a caption's text with the caption rules (those that move a line into
    a caption and its credit), for a caption whose markup doesn't set its credit apart."""

    def __init__(self, rules: Iterable[Rule], timeout: float | None = None) -> None:
        self.rules = tuple(
            r for r in rules if r.action is Action.MOVE and set(r.compiled.groupindex) >= CAPTION_GROUPS
        )
        self.timeout = timeout

    def split(self, captions: Iterable[MarkupCaption]) -> Iterator[MarkupCaption]:
        """Each caption with its credit set apart; a caption that is only a credit is left out."""
        for caption in captions:
            if caption.credit is None:
                caption = self._split_one(caption.text)
            if caption.text and not is_credit_line(caption.text):
                yield caption

    def _split_one(self, text: str) -> MarkupCaption:
        for rule in self.rules:
            match = rule.matches_in_time(text, self.timeout)
            if match is not None and match.group("caption") and match.group("credit"):
                return MarkupCaption(match.group("caption").strip(), match.group("credit"))
        return MarkupCaption(text)

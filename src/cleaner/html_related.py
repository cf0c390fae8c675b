"""The headlines a page lists under a "Related" / "Read more" / "Most read" heading, for the metadata.

On text input the related-list rules move such a heading and the headlines under it into
`related`. On HTML input the list seldom reaches the text: the pruner takes the `<aside>` it
stands in out before the extraction, or trafilatura leaves it out itself. The markup still holds
it, and says where it ends more plainly than text can: with the heading's section. So the page's
headings (`<h2>` to `<h6>`) meet the same rules, and where the first that matches one is a
related-list rule, the links of its section are the list, read as that rule reads the lines
under a heading on text input (headline-like, at most its `max_items`).

What a link says is not always a headline: a card's link can wrap its picture, category, date
and teaser as well, and a section holds "See all" buttons and author or category links beside
the headlines. A card marks its headline, mostly: with a heading element or a class word
("title", "headline"); where some links of a section are so marked, only those are read, and a
link's marked part is its text. A link text that a rule takes on its own (a button's label) is
no headline; it is passed over, not taken for the end of the list, since the section says
where that is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .config import Config
from .document import Block
from .engine import ApplyRules, is_item
from .features import line_head, looks_like_headline
from .html_prune import class_word_pattern, has_class_word
from .html_text import folded, line_words
from .normalize import normalize_text
from .rules.model import Rule

__all__ = ["RelatedReader"]

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A list's heading is a few words; a longer heading is an article's.
HEADING_MAX_WORDS = 12
# Elements that end a section of their own: a heading's section does not reach past the one it
# stands in.
_SECTIONING = frozenset({"section", "article", "aside", "nav", "footer", "main"})
# Elements that break a card's text into parts (its category, headline, date, teaser), where
# inline ones (<span>, <em>, <strong>) run on in one part.
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "time", "header", "footer", "figure", "figcaption", "address", "dt", "dd", *_HEADINGS}
)
# Where a link leads to one of the site's index pages, it is a byline or a label, not a headline:
# the path words of its authors', categories', tags' and topics' pages (WordPress's /author/,
# /category/, /tag/ and their cousins), and the `rel` values that say the same.
_INDEX_PATH = re.compile(r"/(?:authors?|contributors?|categor(?:y|ies)|tags?|topics?)/", re.IGNORECASE)
_INDEX_REL = frozenset({"author", "tag", "category"})
# Class words of the element a card puts its headline in.
_TITLE_CLASS = class_word_pattern(("title", "headline", "heading"))


def _level(tag: Any) -> int:
    """A heading's rank (1 for <h1>), 0 for any other element."""
    if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return int(tag[1])
    return 0


def _section_links(heading: Any) -> Iterator[Any]:
    """The links of a heading's section, in page order.

    Its section is the largest element around it that holds no other heading of its rank or
    higher (not past the sectioning element it stands in): a sidebar box, a header and the
    cards below it. Where even its parent holds such a heading (headings and lists side by side
    in one container), it is what follows the heading up to the next such heading.
    """
    level = _level(heading.tag)
    box = heading
    while box.tag not in _SECTIONING:
        parent = box.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if any(h is not heading and 0 < _level(h.tag) <= level for h in parent.iter(*_HEADINGS)):
            break
        box = parent
    if box is heading:
        for sibling in heading.itersiblings():
            if 0 < _level(sibling.tag) <= level:
                return
            yield from sibling.iter("a")
        return
    after = False
    for element in box.iter():
        if element is heading:
            after = True
        elif after and element.tag == "a" and heading not in element.iterancestors():
            yield element


def _leads_to_article(link: Any) -> bool:
    """Whether a link can lead to an article: it has an address, and not an index page's."""
    href = link.get("href")
    if not href or _INDEX_PATH.search(href):
        return False
    return not _INDEX_REL.intersection((link.get("rel") or "").lower().split())


def _is_mark(element: Any) -> bool:
    """Whether an element marks a headline: a heading, or a title by its class."""
    return isinstance(element.tag, str) and (_level(element.tag) > 0 or has_class_word(element, _TITLE_CLASS))


def _marked(link: Any) -> bool:
    """Whether a link is a card's headline as the markup marks it: a title itself, holding a
    heading or a title, or inside a heading. (Not inside any title: a whole card or box can be
    one by its class, "entry-title-wrap".)"""
    return any(map(_is_mark, link.iter())) or next(link.iterancestors(*_HEADINGS), None) is not None


def _parts(element: Any, parts: list[list[str]], current: list[str]) -> None:
    """An element's text in parts, a new part at each block element (see _BLOCK_TAGS)."""
    if element.tag in _BLOCK_TAGS:
        current = []
        parts.append(current)
    current.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):  # not a comment
            _parts(child, parts, current)
        current.append(child.tail or "")


def _link_text(link: Any) -> str:
    """What a link says, as a headline: its marked part, else its longest part that reads as a
    headline where its text has several (a card's category, title and date)."""
    marked = next(filter(_is_mark, link.iterdescendants()), None)
    if marked is not None:
        return folded(marked.text_content())
    parts: list[list[str]] = [[]]
    _parts(link, parts, parts[0])
    texts = [t for t in (folded("".join(p)) for p in parts) if t]
    if len(texts) > 1:
        headlines = [t for t in texts if looks_like_headline(t)]
        if headlines:
            return max(headlines, key=len)
    return " ".join(texts)


class RelatedReader:
    """Reads the headlines of a page's related lists with the rules: those of the text path."""

    def __init__(self, config: Config, rules: ApplyRules) -> None:
        self.config = config
        self.rules = rules
        # The related-list rules alone: a page has some 25 headings, and most fail their gates
        # (`Rule.admits`) before meeting all the rules.
        generic = rules.registry.rules_for(None)
        self._lists = tuple(r for r in generic if r.lists_into("related"))
        # Where each of them is gated on the words a line starts with alone (as the shipped one
        # is), a heading that starts with none of them is let go before its text is joined.
        starts_only = all(r.starts and not r.requires for r in self._lists)
        self._starts = tuple(p for r in self._lists for p in r.starts) if starts_only else None

    def _block(self, text: str) -> Block:
        return Block(0, normalize_text(text, self.config).strip())

    def _list_rule(self, heading: Any) -> Rule | None:
        """The related-list rule that takes this heading, if the first rule matching it is one."""
        if self._starts is not None:
            # Tested on its first piece of text, which most headings are whole in; a piece of one
            # word may be the start of a longer one ("<b>Rel</b>ated"), so only a piece of two
            # words or more lets a heading go here.
            first = next((t for t in heading.itertext() if not t.isspace()), "")
            head = line_head(first.lstrip().lower())
            if head and not head.startswith(self._starts) and " " in head.strip():
                return None
        text = folded(heading.text_content())
        if not text or line_words(text) > HEADING_MAX_WORDS:
            return None
        cheap = Block(0, text)
        if not any(rule.admits(cheap) for rule in self._lists):
            return None
        block = self._block(text)
        if not block.text:
            return None
        first = next(iter(self.rules.rules_matching(block)), None)
        if first is not None and first.lists_into("related"):
            return first
        return None

    def read(self, tree: Any) -> list[str]:
        """The headlines, in page order, each once."""
        found: list[str] = []
        for heading in tree.iter(*_HEADINGS[1:]):
            rule = self._list_rule(heading)
            if rule is None:
                continue
            assert rule.item is not None  # guaranteed by Rule for LIST
            links = list(filter(_leads_to_article, _section_links(heading)))
            links = [a for a in links if _marked(a)] or links
            taken: list[str] = []
            for link in links:
                block = self._block(_link_text(link))
                if not block.text or block.text in taken:
                    continue
                # a button's label or another kind of line, which a rule takes on its own
                if not is_item(rule.item, block) or self.rules.rules_matching(block):
                    continue
                taken.append(block.text)
                if len(taken) == rule.max_items:
                    break
            found.extend(t for t in taken if t not in found)
        return found

"""Chrome containers taken out of a parsed page before extraction, and put back after it.

trafilatura drops navigation, footers, sidebars and forms in its own pass, but when that pass
finds too little it compares its result with other extractors (readability, a baseline) that
read the page as it came, and their pick can bring a footer's link list or a sign-up box back.
Pruning the tree it is handed takes those containers out for every one of its stages. The kinds
are data below: the markup's own structure (`<nav>`, `<footer>`, `<aside>`, `<form>`, `<dialog>`
and their ARIA roles) and a few class-name words that only chrome boxes carry (an ad slot, a
paywall, an overlay, a sign-up box, a previous/next bar), matched as whole words of a class.

A guard keeps what may hold the article itself: unclosed tags can put a whole page inside a
`<nav>`, ASP.NET pages wrap everything in one `<form>`, and a page can be a newsletter issue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

__all__ = ["CHROME_KINDS", "ChromeKind", "ChromePruner", "Pruned", "class_word_pattern", "has_class_word"]


@dataclass(frozen=True)
class ChromeKind:
    """One kind of chrome container: how the markup marks it, and why it is no article."""

    id: str
    description: str
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # ARIA roles that mean the same as the tags
    class_words: tuple[str, ...] = ()  # whole words of a class attribute ("promo" in "promo-bar__text")

    def __post_init__(self) -> None:
        if not (self.tags or self.roles or self.class_words):  # would match nothing: a mistake in the data
            raise ValueError(f"chrome kind {self.id!r} names no tag, role or class word")


CHROME_KINDS: tuple[ChromeKind, ...] = (
    ChromeKind("navigation", "Menus, breadcrumbs and link bars.", tags=("nav",), roles=("navigation",)),
    ChromeKind("page_footer", "The site's footer.", tags=("footer",), roles=("contentinfo",)),
    ChromeKind("sidebar", "Asides and sidebars.", tags=("aside",), roles=("complementary",)),
    ChromeKind("form", "Search, sign-up and contact forms.", tags=("form",)),
    ChromeKind("dialog", "Pop-up dialogs.", tags=("dialog",), roles=("dialog", "alertdialog")),
    ChromeKind(
        "ad_slot", "Ad slots and sponsor boxes.", class_words=("ads", "advert", "advertisement", "sponsored")
    ),
    ChromeKind(
        "paywall", "Paywall breakers and subscriber-only notices.", class_words=("paywall", "restricted")
    ),
    ChromeKind("overlay", "Modal and pop-up overlays.", class_words=("modal", "popup")),
    ChromeKind(
        "signup_box",
        "Newsletter and subscription sign-up boxes.",
        class_words=("newsletter", "subscribe", "subscription", "signup", "optin"),
    ),
    ChromeKind("post_navigation", "Previous / next post bars.", class_words=("prevnext",)),
)

# A container that holds the headline, <main> or the marked article body is taken for the
# article's wrapper, whatever it is called. (An <article> inside is no sign: sidebars list their
# related stories as <article> cards.)
_HOLDS_ARTICLE = etree.XPath(
    "boolean(descendant-or-self::*[self::h1 or self::main or @itemprop='articleBody'])"
)
_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")
# No chrome box holds most of a page's text: a container with more than this share of the
# body's characters is the page itself inside a stray tag (an unclosed <nav>, ASP.NET's page-wide
# <form>). Half: the wrappers looked at on the WCXB dev pages held 52% (a menu wrapping a page
# whose footer is as long as its article) to 99% of the text, and
# chrome a few percent; not tuned further.
MAX_SHARE = 0.5
# A box named by its class holds a prompt, an ad or a notice: a few sentences. One with more
# text than this is content that a site's class names call otherwise (a newsletter issue, whose
# body sits in a "newsletter" container). 1,500 characters is about 250 words.
MAX_CLASS_BOX_CHARS = 1500


# A class word names a box only on a block container: a link or a span with such a class is part
# of a sentence ("external-popup" on every outbound link of a post, "ads" on an inline credit).
# A role is read on these too, so a <div role="navigation"> counts and a <span role="dialog"> not.
_BOX_TAGS = frozenset(
    ("div", "section", "aside", "ul", "ol", "dl", "table", "p", "header", "footer", "figure")
)


def class_word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Words as whole words of a lowercased class attribute.

    A word stands alone or between '-', '_' and spaces ("mm-ads-partnerlinks", "promo-bar__text"),
    so "uploads" is no "ads". The stdlib `re` on a lowercased string, with lookarounds: it runs on
    every block element's class (about 250 a page), at a third of the cost of `regex` ignoring case.
    """
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return re.compile(rf"(?<![^\s_-])(?:{'|'.join(map(re.escape, ordered))})(?![^\s_-])")


def has_class_word(element: Any, pattern: re.Pattern[str]) -> bool:
    """Whether an element's class holds one of a `class_word_pattern`'s words."""
    css = element.get("class")
    return bool(css and pattern.search(css.lower()))


@dataclass
class Pruned:
    """What was taken out of a tree, to put back: each container and the placeholder in its place."""

    swaps: list[tuple[Any, Any]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # the kind of each, in document order

    def restore(self) -> None:
        """Put every container back where it was (the metadata reader reads the whole page)."""
        for placeholder, element in reversed(self.swaps):
            element.tail = placeholder.tail
            placeholder.getparent().replace(placeholder, element)
        self.swaps.clear()


class ChromePruner:
    """Finds and takes out the chrome containers of a parsed page; build it once (patterns compile once)."""

    def __init__(self, kinds: tuple[ChromeKind, ...] = CHROME_KINDS) -> None:
        self.kinds = kinds
        # the tags worth looking at: the kinds' own, and the boxes a class word or a role can name
        self._tags = tuple(sorted({t for k in kinds for t in k.tags} | set(_BOX_TAGS)))
        self._class_word = class_word_pattern(w for k in kinds for w in k.class_words)
        self._by_tag = {t: k.id for k in kinds for t in k.tags}
        self._by_role = {r: k.id for k in kinds for r in k.roles}

    def kind_of(self, element: Any) -> tuple[str, bool] | None:
        """The kind an element is of and whether its class named it; None when it is of none."""
        tag = element.tag
        if tag in self._by_tag:
            return self._by_tag[tag], False
        role = element.get("role")
        if role in self._by_role:
            return self._by_role[role], False
        css = element.get("class")
        found = self._class_word.search(css.lower()) if css and tag in _BOX_TAGS else None
        if found is None:
            return None
        word = found.group(0)
        return next(k.id for k in self.kinds if word in k.class_words), True

    def find(self, tree: Any) -> Iterator[tuple[Any, str]]:
        """The outermost chrome containers of the tree that the guard lets go, with their kind."""
        body = tree.find("body")
        if body is None:
            return
        page_chars: float | None = None  # measured once, when the page has a candidate at all
        taken: set[Any] = set()
        # One pass over the body's elements of those tags (lxml filters tags in C); document
        # order, so an ancestor comes before what it holds.
        for element in body.iter(*self._tags):
            kind = self.kind_of(element)
            if kind is None or any(a in taken for a in element.iterancestors()):
                continue
            if page_chars is None:
                page_chars = _TEXT_LENGTH(body)
            chars = _TEXT_LENGTH(element)
            if chars > MAX_SHARE * page_chars or _HOLDS_ARTICLE(element):
                continue
            if kind[1] and chars > MAX_CLASS_BOX_CHARS:
                continue
            taken.add(element)
            yield element, kind[0]

    def prune(self, tree: Any) -> Pruned:
        """Take the chrome containers out, each replaced by an empty placeholder keeping its tail."""
        pruned = Pruned()
        for element, kind in list(self.find(tree)):
            parent = element.getparent()
            if parent is None:
                continue
            placeholder = element.makeelement("span", {})
            placeholder.tail, element.tail = element.tail, None
            parent.replace(element, placeholder)
            pruned.swaps.append((placeholder, element))
            pruned.kinds.append(kind)
        return pruned

"""What an HTML page says about its article (title, author, date, site, url), read from its parsed tree.

trafilatura's own metadata pass (`extract_metadata`) costs about as much as its text extraction
on these pages: most of it is htmldate's extensive date search (dateparser on free text) and
the author and category searches, whose XPaths test each element with a regular expression
called back into Python. Here the same sources are read in the same order, cheaply: the head's
meta tags and JSON-LD (trafilatura's helpers), then, only where those say nothing, the byline
in the markup (trafilatura's author selectors, tested on the few elements one pattern picks).
The date is the one the markup states (htmldate's first stages), else the first one printed in
the page, else htmldate's guess from the markup's source.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any, Literal

from .fields import parse_date
from .html_text import page_text as whole_page_text
from .html_text import text_without

__all__ = ["PageMetadata", "declared_body", "read_metadata"]


@dataclass
class PageMetadata:
    """The page's own account of its article; None where it gives none."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


# --- bylines in the markup, as data --------------------------------------------------------------
# trafilatura 2.3's AUTHOR_XPATHS and AUTHOR_DISCARD_XPATHS, token for token, as attribute tests
# in three tiers (the first tier with a usable element wins). Evaluated as XPath they cost about
# 3 ms a tier on a news page (an `or` of a dozen tests on every element); here one pass over the
# elements with one pattern finds the candidates, and only those are tested.


@dataclass(frozen=True)
class AttributeTest:
    """An element's attribute equals, contains or starts with one of some values."""

    attribute: str
    how: Literal["equals", "contains", "starts"]
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.values:  # an empty group would never match: a mistake in the data
            raise ValueError(f"empty value group for @{self.attribute}")

    def matches(self, attributes: Any) -> bool:
        value = attributes.get(self.attribute)
        if value is None:
            return False
        text = str(value)
        if self.how == "equals":
            return text in self.values
        if self.how == "starts":
            return text.startswith(self.values)
        return any(v in text for v in self.values)


@dataclass(frozen=True)
class ElementTest:
    """Elements of some tags (any tag when empty) that pass one of some attribute tests."""

    tags: frozenset[str]
    tests: tuple[AttributeTest, ...]

    def matches(self, element: Any) -> bool:
        if self.tags and element.tag not in self.tags:
            return False
        attributes = element.attrib
        return any(test.matches(attributes) for test in self.tests)


def _eq(attribute: str, *values: str) -> AttributeTest:
    return AttributeTest(attribute, "equals", values)


def _has(attribute: str, *values: str) -> AttributeTest:
    return AttributeTest(attribute, "contains", values)


def _starts(attribute: str, *values: str) -> AttributeTest:
    return AttributeTest(attribute, "starts", values)


# Tier 1: elements that name the author outright (rel="author", class="author-name").
# (trafilatura's `rel='me'`, a child element test that never matches, is left out.)
# Tier 2: bylines by their usual class and id words (zuozhe, bianji, xiaobian: author and
# editor in pinyin). Tier 3: any element whose class or id speaks of an author or a byline.
AUTHOR_TIERS: tuple[ElementTest, ...] = (
    ElementTest(
        frozenset({"a", "address", "div", "link", "p", "span", "strong"}),
        (
            _eq("rel", "author"),
            _eq("id", "author"),
            _eq("class", "author"),
            _eq("itemprop", "author name"),
            _eq("data-testid", "AuthorCard", "AuthorURL"),
            _has("class", "authorname", "author-name", "AuthorName", "authorName"),
        ),
    ),
    ElementTest(
        frozenset({"a", "div", "h3", "h4", "p", "span"}),
        (
            _eq("class", "byline", "username", "byl", "BBL"),
            _has("itemprop", "author"),
            _has("id", "author", "zuozhe", "bianji", "xiaobian"),
            _has(
                "class",
                "author",
                "channel-name",
                "zuozhe",
                "bianji",
                "xiaobian",
                "submitted-by",
                "posted-by",
                "journalist-name",
            ),
        ),
    ),
    ElementTest(
        frozenset(),
        (
            _has("data-component", "Byline"),
            _has("itemprop", "author"),
            _has("id", "author", "Author"),
            _has("class", "author", "Author", "screenname", "writer", "byline", "Byline"),
        ),
    ),
)
# Where an author-looking element is not the article's byline: comments, sidebars, quotes,
# share and print bars, dates, figures. An element inside one of these is passed over, and its
# text is taken without them.
AUTHOR_DISCARD: tuple[ElementTest, ...] = (
    ElementTest(
        frozenset({"a", "div", "section", "span"}),
        (
            _eq("id", "comments"),
            _eq("class", "comments", "title", "date"),
            _starts("id", "comments"),
            _has("id", "commentlist", "comment-list", "ProductReviews"),
            _starts("class", "comments", "Comments"),
            _has(
                "class",
                "commentlist",
                "comments-list",
                "sidebar",
                "is-hidden",
                "quote",
                "embedly-instagram",
                "article-share",
                "article-support",
                "print",
                "category",
                "meta-date",
                "meta-reviewer",
            ),
            _has("data-component", "Figure"),
        ),
    ),
)
_DISCARD_TAGS = frozenset({"time", "figure"})


def _author_prefilter() -> Any:
    """One pattern that every tier's candidate passes, lowercased: any of their values in any
    attribute (a value that holds another, "authorname" and "author", is left to the shorter)."""
    values = {v.casefold() for tier in AUTHOR_TIERS for test in tier.tests for v in test.values}
    shortest = sorted(v for v in values if not any(o != v and o in v for o in values))
    return re.compile("|".join(map(re.escape, shortest)))


# trafilatura's bounds on a byline's length (its extract_author's len_limit).
_AUTHOR_MIN_CHARS = 3
_AUTHOR_MAX_CHARS = 120

_YEAR = re.compile(r"(?:19|20)\d\d")


def _discarded(element: Any) -> bool:
    return element.tag in _DISCARD_TAGS or any(test.matches(element) for test in AUTHOR_DISCARD)


def _author_from_markup(tree: Any, prefilter: Any) -> str | None:
    """The first usable byline-looking element's text, as trafilatura's `extract_author` takes it."""
    from lxml.etree import Element
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.utils import trim

    # One pattern over all of an element's attribute values (a superset of the tiers' tests:
    # an href with "author" in it passes too) picks the few elements worth testing.
    candidates = [
        element
        for element in tree.iter(Element)
        if element.tag == "author" or prefilter.search(" ".join(element.values()).lower())
    ]
    for index, tier in enumerate(AUTHOR_TIERS):
        for element in candidates:
            if not (tier.matches(element) or (index == 0 and element.tag == "author")):
                continue
            if _discarded(element) or any(_discarded(a) for a in element.iterancestors()):
                continue
            # its text without what the discard tests take out (a <time> inside a byline)
            text = trim(text_without(element, _discarded, separator=" "))
            if text and _AUTHOR_MIN_CHARS <= len(text) < _AUTHOR_MAX_CHARS:
                found: str | None = normalize_authors(None, text)
                return found
    return None


def _first_written_date(page_text: str) -> str | None:
    """The first calendar date printed in the page's text (a dateline, "Published March 3, 2024").

    Only asked when the markup carries no machine-readable date; the first one in reading
    order, since a page prints its article's date above the text and other dates below it.
    `page_text` is the page as `html_text.page_text` writes it: what a reader sees, a block a
    line, so that a date split over inline tags ("March <b>3</b>, 2024") reads whole.
    """
    for line in page_text.split("\n"):
        if _YEAR.search(line):  # every date form names its year; most text has none
            found = parse_date(line)
            if found is not None:
                return found
    return None


# A page's tree, its url and the latest date to accept (ISO) -> the date, ISO, or None.
StatedDate = Callable[[Any, str | None, str], str | None]


def stated_date_reader() -> StatedDate | None:
    """htmldate's stages that read the dates a page states for machines, in its order: the url,
    the meta tags, the JSON-LD, the <abbr> and <time> elements. None where the installed
    htmldate lacks them as 1.11 has them (they are its modules' functions, not its documented
    API); `find_date` runs them too, before its guesses.
    """
    try:
        from htmldate.core import examine_abbr_elements, examine_header, examine_time_elements
        from htmldate.extractors import extract_url_date, json_search
        from htmldate.utils import Extractor
        from htmldate.validators import get_max_date, get_min_date

        def options(max_date: str | None) -> Any:
            return Extractor(
                extensive=False,
                max=get_max_date(max_date),
                min=get_min_date(None),
                original=True,
                format="%Y-%m-%d",
            )

        options(None)  # named as 1.11 names them: an htmldate that renamed them is told here, once
    except (ImportError, TypeError):
        return None

    def read(tree: Any, url: str | None, max_date: str) -> str | None:
        stated = options(max_date)
        found: str | None = (
            extract_url_date(url, stated)
            or examine_header(tree, stated)
            or json_search(tree, stated)
            or examine_abbr_elements(tree, stated)
            or examine_time_elements(tree, stated)
        )
        return found

    return read


class MetadataReader:
    """Reads title, author, date, site and url off a parsed page; its byline test compiles once."""

    def __init__(self) -> None:
        self._prefilter = _author_prefilter()
        self._stated_date = stated_date_reader()

    def read(self, tree: Any, url: str | None, page_text: str | None = None) -> PageMetadata:
        """The page's metadata; the tree is left as it was.

        `page_text` is the page's text (`html_text.page_text`), when the caller has it already;
        it is written here only if the date has to be looked for in it.
        """
        import trafilatura.metadata as tm

        meta = tm.examine_meta(tree)
        if meta.author and " " not in meta.author:  # a handle or a site name, as trafilatura judges
            meta.author = None
        # trafilatura's JSON-LD reader has bugs of its own (it logs them itself); the rest still holds
        with contextlib.suppress(Exception):
            meta = tm.extract_meta_json(tree, meta)
        title = meta.title or tm.extract_title(tree)
        page_url = meta.url or tm.extract_url(tree, url)
        date = self._date(tree, page_url, page_text)
        sitename = meta.sitename or tm.extract_sitename(tree)
        if sitename:
            sitename = sitename.lstrip("@")
            if sitename and "." not in sitename and not sitename[0].isupper():
                sitename = sitename.title()
        elif page_url and (host := tm.META_URL.match(page_url)):
            sitename = host[1]
        author = meta.author or _author_from_markup(tree, self._prefilter)
        return PageMetadata(
            title=_trimmed(title),
            author=_trimmed(author),
            date=date,
            sitename=_trimmed(sitename),
            url=_trimmed(page_url),
            categories=list(meta.categories or []),
            tags=list(meta.tags or []),
        )

    def _date(self, tree: Any, url: str | None, page_text: str | None) -> str | None:
        """The date the markup states; else the first one printed in the page; else htmldate's
        guess, from date-like class names and date patterns in the markup's source.

        A date printed in the page is the page's own word, where those guesses take a date from
        a script or another article's card as readily: on the 709 WCXB dev pages, this order
        finds 503 of the 587 gold dates, htmldate's whole search before the printed date 499.
        htmldate's extensive search (dateparser on free text) is left out: it costs as much as
        the whole extraction and finds, on the dev pages, what the first printed date does.
        """
        from htmldate import find_date

        today = dt.date.today().isoformat()

        def guessed() -> str | None:
            found: str | None = find_date(
                tree, url=url, original_date=True, extensive_search=False, max_date=today
            )
            return found

        def printed() -> str | None:
            return _first_written_date(page_text if page_text is not None else whole_page_text(tree))

        if self._stated_date is None:  # an htmldate without those stages: its search first
            return guessed() or printed()
        return self._stated_date(tree, url, today) or printed() or guessed()


def _trimmed(value: str | None) -> str | None:
    """As trafilatura leaves its fields: entities unescaped, spaces folded, at most 10,000 chars."""
    if not value:
        return None
    from trafilatura.utils import line_processing

    text: str | None = line_processing(unescape(value[:10_000]))
    return text or None


def read_metadata(tree: Any, url: str | None) -> PageMetadata:
    """One page's metadata with a reader made for it (build a `MetadataReader` for many)."""
    return MetadataReader().read(tree, url)


# --- the article as the page declares it ---------------------------------------------------------

# Tags that some sites leave in an `articleBody`: a block's end is a paragraph's, the rest goes.
_BLOCK_END = re.compile(r"<(?:br|/p|/div|/h[1-6]|/li|/blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _article_bodies(data: Any) -> Iterator[str]:
    """Every `articleBody` string in a JSON-LD value, at any depth (an `@graph`, a `mainEntity`).

    Walked with a stack of its own: JSON that Python could read is never too deep to walk.
    """
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "articleBody" and isinstance(value, str):
                    yield value
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(value for value in node if isinstance(value, dict | list))


def declared_body(tree: Any) -> str:
    """The article's text as the page's JSON-LD declares it (schema.org `articleBody`), or "".

    The longest one where a page declares several. Sites write it in their own ways: as plain
    text, with paragraphs a line each or run together, and with HTML tags and entities, which
    are undone here. JSON that doesn't parse declares nothing.
    """
    longest = ""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        if not script.text or "articleBody" not in script.text:
            continue
        try:
            found = max(_article_bodies(json.loads(script.text, strict=False)), key=len, default="")
        except (ValueError, RecursionError):  # not JSON; or nested deeper than Python reads
            continue
        if len(found) > len(longest):
            longest = found
    if not longest:
        return ""
    return unescape(_TAG.sub("", _BLOCK_END.sub("\n", longest)))

"""HTML input: tell it from text by content, and extract the article with trafilatura."""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from .config import Config
from .html_captions import MarkupCaption, figure_captions
from .html_meta import MetadataReader, PageMetadata, declared_body
from .html_prune import ChromePruner, Pruned
from .html_text import line_words, page_text

if TYPE_CHECKING:
    from .html_related import RelatedReader

__all__ = [
    "Extraction",
    "HtmlExtractor",
    "extract_html",
    "looks_incomplete",
    "looks_like_html",
    "parse_page",
    "strip_site_name",
]

_HTML_ROOT = regex.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]")
_HTML_TAG = regex.compile(
    r"</?(?:html|head|body|meta|title|link|script|style|div|span|p|a|br|hr|img|ul|ol|li|table|tr|td"
    r"|h[1-6]|article|section|header|footer|nav|main|aside|figure|figcaption|form|input|iframe)"
    r"(?:\s[^<>]*)?/?>"
)
# How much of the start of a document is looked at to tell HTML from text.
_SNIFF_CHARS = 8192
# A page fragment without <html>/<body> (an exported article container) starts with a tag and
# shows several known tags early on; three keeps a text that quotes one "<div>" for text.
_FRAGMENT_MIN_TAGS = 3


def looks_like_html(text: str) -> bool:
    """Whether a text is HTML, judged by its content (doctype, root tags, tag density), not a name."""
    head = text[:_SNIFF_CHARS]
    if "<" not in head:  # every sign below starts with one: most texts are told at this cost
        return False
    head = head.lower()
    if _HTML_ROOT.search(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAG.findall(head)) >= _FRAGMENT_MIN_TAGS


_parser: Any = None  # built on first use: text input never needs lxml


def _page_parser() -> Any:
    """trafilatura's HTML parser (its `utils.HTML_PARSER`: the same options), with lxml's
    element classes looked up in C.

    lxml.html's own parser asks a Python method for the class of every element that Python
    code touches, and trafilatura, htmldate and the metadata reader touch millions on a few
    hundred pages: 3.4% of the HTML path's instructions on the first 100 WCXB dev pages. The
    elements are `HtmlElement`s all the same; only forms' fields lose their form-specific
    classes, which nothing here uses.

    One option differs: `huge_tree`. Without it libxml2 stops building the tree at depth 256 and
    silently drops the rest of the page, and old pages reach that depth with unclosed tags (a
    `<font>` opened in every paragraph and never closed loses every paragraph after the 127th).
    With it the limit is 2048; nothing else changes on the 709 WCXB dev pages, whose deepest
    tree is far short of 256.
    """
    global _parser
    if _parser is None:
        from lxml import etree, html

        _parser = etree.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            huge_tree=True,
        )
        _parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=html.HtmlElement,
                comment=html.HtmlComment,
                pi=html.HtmlProcessingInstruction,
                entity=html.HtmlEntity,
            )
        )
    return _parser


def parse_page(html: str) -> Any | None:
    """The page parsed as trafilatura's `load_html` parses a string, with the faster parser;
    None where it finds no page (its test: no "html" near the start and under two elements).
    """
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    parser = _page_parser()
    tree = None
    # ValueError is lxml refusing a str that declares its encoding; either way, bytes are tried
    with contextlib.suppress(Exception):
        tree = fromstring(html, parser=parser)
    if tree is None or len(tree) < 1:
        tree = None
        with contextlib.suppress(Exception):
            tree = fromstring(html.encode("utf8", "surrogatepass"), parser=parser)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


@dataclass
class Extraction:
    """What the page gave: the article as plain text (a paragraph a line) and metadata."""

    text: str
    method: str  # "html", or "html-fallback" when only the whole page's text could be had
    # the whole page's text, a block a paragraph (`html_text`), when the config asks for it
    page_text: str = ""
    # what the markup says of the article; its title without the site's name
    meta: PageMetadata = field(default_factory=PageMetadata)
    # the article as the page's JSON-LD declares it (`articleBody`), when the config asks for the
    # page text too: the two are read together (`html_fill.fill_from_declared`)
    declared: str = ""
    # the captions of the page's pictures (`html_captions`), which the extraction leaves out
    captions: list[MarkupCaption] = field(default_factory=list)
    # the headlines of its related lists (`html_related`), which the extraction leaves out too
    related: list[str] = field(default_factory=list)


# What sites put between an article's title and their own name in <title> and og:title.
_TITLE_SEPARATOR = regex.compile(r"(\s+(?:[|\-–—·•:»]|::)\s+)")
_ALNUM = regex.compile(r"[\W_]+")


def _squash(text: str) -> str:
    return _ALNUM.sub("", text.casefold())


def strip_site_name(title: str, sitename: str | None, url: str | None) -> str:
    """ "How to X | Example Blog" -> "How to X": drop a leading or trailing part naming the site."""
    pieces = _TITLE_SEPARATOR.split(title)  # the split keeps the separators: text, sep, text ...
    if len(pieces) < 3:
        return title
    names = {_squash(sitename)} if sitename else set()
    if url:
        host = regex.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/")[0]
        names.add(_squash(host.rsplit(".", 1)[0]))
    names.discard("")

    def is_site(part: str) -> bool:
        squashed = _squash(part)
        return bool(squashed) and any(squashed in n or n in squashed for n in names)

    if is_site(pieces[-1]):
        pieces = pieces[:-2]
    elif is_site(pieces[0]):
        pieces = pieces[2:]
    else:
        return title
    return "".join(pieces).strip() or title


# trafilatura's cascade runs its own extractor, then readability and jusText on the page to
# compare with it (a quarter of its time), and takes theirs where its own result looks deficient.
# On the 709 WCXB dev pages (chrome pruned), its own extractor alone (`fast`) gives the same text
# as the cascade on 671. The tests below send 73 pages to the cascade, 33 of the 38 where it
# takes another text; on the other five, the own text scores about as well (word F1 -0.18 to
# +0.25 a page, +0.13 summed).
#
# Under this many characters, the cascade turns to jusText and its baseline anyway (trafilatura's
# MIN_EXTRACTED_SIZE).
OWN_MIN_CHARS = 250
# A line this long is rarely a paragraph: mostly it is the page's text glued together by the
# extractor's last-resort recovery of "wild" text, where readability finds the paragraphs. On the
# dev pages, 15 own extractions have such a line: 5 the cascade replaced, 10 it kept (a long table
# row, a list run together), which pay for the cascade.
OWN_MAX_LINE_CHARS = 3000
# A line of at least this many words is prose: a paragraph, not a menu item or a label. (The
# cascade test's own measure of a page's lines; `features.PROSE_MIN_WORDS` is a body paragraph's.)
CASCADE_PROSE_MIN_WORDS = 10
# Scripts written without spaces between words (Chinese, Japanese, Thai, ...) have no words to
# count: a line is prose there when it holds this many of their letters (a sentence or two),
# which a menu glued together from short labels, or a URL, does not.
UNSPACED_PROSE_MIN_LETTERS = 20
_UNSPACED_LETTER = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
# readability's text replaces the own one where it is over this many times as long (or where the
# own one is empty, or holds no paragraph: trafilatura's `_prefer_readability`). It can be no
# longer than the page's text, and the part that could double the own text is prose: so the own
# extraction is taken when it is at least half as long as the page's prose characters (the whole
# page's, chrome and all). On the dev pages, 27 of the pages the cascade changed are twice as long
# in prose as their own text (2.07 to 74 times), and no other test sends them to it; the five
# others hold 0.79 to 1.65 times its length. Of the 660 it left alone (the short and glued ones
# aside), 29 are over twice as long.
READABILITY_MIN_RATIO = 2


def _is_prose(line: str) -> bool:
    if line_words(line) >= CASCADE_PROSE_MIN_WORDS:
        return True
    return (
        len(line) >= UNSPACED_PROSE_MIN_LETTERS
        and not line.isascii()  # most lines of most pages: no letter of those scripts, at C speed
        and len(_UNSPACED_LETTER.findall(line)) >= UNSPACED_PROSE_MIN_LETTERS
    )


def _prose_chars(text: str) -> int:
    """The characters of a text's prose lines."""
    return sum(len(line) for line in text.splitlines() if _is_prose(line))


def _lacks_paragraphs(body: Any) -> bool:
    """Whether the own extraction's tree holds no paragraph text, or more tables than paragraphs:
    the structural deficiency for which the cascade takes readability's text whatever its length."""
    return not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p"))


def looks_incomplete(own: str, page: str, own_body: Any = None) -> bool:
    """Whether trafilatura's own extraction of a page looks like one its cascade would replace:
    short, glued together, without paragraphs (where its tree `own_body` is given), or under half
    as long as the page's prose."""
    if len(own) < OWN_MIN_CHARS:
        return True
    if max(map(len, own.splitlines())) > OWN_MAX_LINE_CHARS:
        return True
    if own_body is not None and _lacks_paragraphs(own_body):
        return True
    limit = READABILITY_MIN_RATIO * len(own)
    # the page's prose is no longer than its text: most pages are told without reading their lines
    return len(page) > limit and _prose_chars(page) > limit


class HtmlExtractor:
    """Extracts the article and its metadata from HTML with one configuration; build it once.

    The page is parsed once: trafilatura extracts the text from the parsed tree (on its own
    copy), and the metadata is then read off the same tree (`html_meta`), without trafilatura's
    metadata pass, which costs about as much as the extraction itself. trafilatura's own
    extractor runs first, and its whole cascade only where that result looks incomplete
    (`looks_incomplete`), unless the config asks for the cascade on every page or favors recall.
    """

    def __init__(self, config: Config, related: RelatedReader | None = None) -> None:
        self.config = config
        self.related = related  # reads the page's related lists; none are read without it
        self._reader: MetadataReader | None = None  # built on the first page: text input never needs it
        self._pruner: ChromePruner | None = None  # likewise

    def _prune(self, tree: Any) -> Pruned:
        """The page's chrome containers taken out of the tree (none when the config says so)."""
        if not self.config.html_prune_chrome:
            return Pruned()
        if self._pruner is None:
            self._pruner = ChromePruner()
        return self._pruner.prune(tree)

    def _extract_text(self, tree: Any, url: str | None, *, cascade: bool) -> tuple[str, Any]:
        """trafilatura's text of the tree and the tree it wrote it from (None where it found no
        text): its own extractor alone, or its whole cascade."""
        import trafilatura

        config = self.config
        document = trafilatura.bare_extraction(
            tree,  # trafilatura works on a copy of it
            url=url,
            with_metadata=False,
            include_comments=config.html_comments,
            include_tables=config.html_tables,
            favor_precision=config.html_favor == "precision",
            favor_recall=config.html_favor == "recall",
            fast=not cascade,
        )
        return str(getattr(document, "text", None) or ""), getattr(document, "body", None)

    def extract(self, html: str, url: str | None) -> Extraction:
        """Extract the main text and metadata; fall back to the whole page's text when that fails."""
        # imported here: loading trafilatura costs a second, and text input never needs it
        import trafilatura

        config = self.config
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lxml's FutureWarnings inside trafilatura are not ours
            tree = parse_page(html)
            if tree is None:  # not a page lxml can read: its text, whatever there is
                return Extraction(text=trafilatura.html2txt(html) or "", method="html-fallback")
            # Read before the pruning: the page text is the whole page's, as the fallback, the
            # gap filler and the date search below want it.
            whole_page = page_text(tree)
            # Out for the extraction only: the metadata reader below sees the whole page (a
            # byline or a date can stand in a footer or an aside).
            pruned = self._prune(tree)
            # while the chrome is out: a sidebar's cards are not the article's pictures
            captions = figure_captions(tree)
            try:
                # Favoring recall, trafilatura's cascade skips its comparison for a long extraction
                # itself: its own extractor first would only add a second run where it looks short.
                cascade = config.html_compare_always or config.html_favor == "recall"
                text, body = self._extract_text(tree, url, cascade=cascade)
                if not cascade and looks_incomplete(text, whole_page, body):
                    text, _ = self._extract_text(tree, url, cascade=True)
            finally:
                pruned.restore()
            # on the whole page: the lists stand in the sidebars and footers the pruner took out
            related = self.related.read(tree) if self.related is not None else []
            method = "html"
            if not text.strip():
                # The page's every block, for the whole-page reading to find the article in;
                # not trafilatura's html2txt, which drops what stands in an <aside> or a <nav>,
                # even when (unclosed) it wraps the whole page.
                text = whole_page
                method = "html-fallback"
            if self._reader is None:
                self._reader = MetadataReader()
            meta = self._reader.read(tree, url, whole_page)
            # most pages declare none: the JSON is read only where the name stands in the page
            declared = declared_body(tree) if config.html_fill_gaps and '"articleBody"' in html else ""
        if meta.title:
            meta.title = strip_site_name(meta.title, meta.sitename, url or meta.url)
        return Extraction(
            text=text,
            method=method,
            page_text=whole_page if config.html_fill_gaps else "",
            meta=meta,
            declared=declared,
            captions=captions,
            related=related,
        )


def extract_html(html: str, url: str | None, config: Config) -> Extraction:
    """One page's extraction (build an `HtmlExtractor` once for many pages)."""
    return HtmlExtractor(config).extract(html, url)

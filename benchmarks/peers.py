"""The baseline systems the benchmarks compare the project with: plain-text filters and HTML extractors."""

from __future__ import annotations

import html as html_lib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

System = Callable[[str], str]

# --- plain-text peers ----------------------------------------------------------------------------


def unchanged(text: str) -> str:
    """The input as it is: the floor every cleaner must beat."""
    return text


# A line ending in one of these counts as a sentence: datatrove's C4Filter set (C4's plus the
# single quote) and the typographic closing quotes, which news text uses where C4's web text used
# ASCII ones. With the curly quotes the README's C4-style reference figures come out (word F1
# 0.826 on text-body, 0.853 on text-page); with the ASCII set alone word F1 is 0.817 and 0.846.
_END_PUNCTUATION = (".", "?", "!", '"', "'", "\u201d", "\u2019")
_ELLIPSIS = "..."
# C4's and datatrove's policy phrases, unchanged: a line naming one is a cookie or legal notice.
_POLICY_PHRASES = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
# C4's minimum words per line.
_MIN_WORDS = 3


def c4_keeps_line(line: str) -> bool:
    """C4's line test: a line of 3+ words ending a sentence, naming no javascript nor policy."""
    line = line.strip()
    if not line.endswith(_END_PUNCTUATION) or line.endswith(_ELLIPSIS):
        return False
    if len(line.split()) < _MIN_WORDS:
        return False
    lower = line.lower()
    return "javascript" not in lower and not any(p in lower for p in _POLICY_PHRASES)


def c4_line_rules(text: str) -> str:
    """C4's line filters (as C4 and datatrove run them), without their whole-document drops."""
    return "\n".join(line.strip() for line in text.splitlines() if c4_keeps_line(line))


def justext_lines(text: str) -> str:
    """jusText (English stoplist) on the lines, each wrapped as a paragraph of a minimal page."""
    import justext

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    body = "".join(f"<p>{html_lib.escape(line)}</p>\n" for line in lines)
    page = f"<html><head><title></title></head><body>\n{body}</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


# --- HTML peers ----------------------------------------------------------------------------------


def trafilatura_extract(page: str) -> str:
    """trafilatura's `extract()` with its default options."""
    import trafilatura

    return trafilatura.extract(page) or ""


def trafilatura_extract_no_comments(page: str) -> str:
    """trafilatura's `extract()` leaving out comment sections: the README's reference figures."""
    import trafilatura

    return trafilatura.extract(page, include_comments=False) or ""


def readability_summary(page: str) -> str:
    """readability-lxml's `Document(html).summary()`, turned into text block by block."""
    from readability import Document

    return html_to_text(Document(page).summary())


def justext_html(page: str) -> str:
    """jusText (English stoplist) on the page, its non-boilerplate paragraphs."""
    import justext

    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def resiliparse_main_content(page: str) -> str:
    """resiliparse's plain-text extraction with its main-content heuristics on."""
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page, main_content=True)


# Elements that start a new block of text when an HTML fragment is turned into plain text.
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip
_SPACES = regex.compile(r"[^\S\n]+")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line a block, blank line between, spaces folded."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for bad in root.iter("script", "style", "noscript"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    """A baseline system: its name in tables, the input it takes, the package it needs, and itself."""

    name: str
    input: str  # "text" or "html"
    run: System
    package: str | None = None  # distribution name, for its version and for a missing-install note
    module: str | None = None  # the module to import to check it is installed


PEERS: tuple[Peer, ...] = (
    Peer("unchanged", "text", unchanged),
    Peer("c4_line_rules", "text", c4_line_rules),
    Peer("justext_lines", "text", justext_lines, "jusText", "justext"),
    Peer("trafilatura", "html", trafilatura_extract, "trafilatura", "trafilatura"),
    Peer("trafilatura_no_comments", "html", trafilatura_extract_no_comments, "trafilatura", "trafilatura"),
    Peer("readability", "html", readability_summary, "readability-lxml", "readability"),
    Peer("resiliparse", "html", resiliparse_main_content, "resiliparse", "resiliparse"),
    Peer("justext", "html", justext_html, "jusText", "justext"),
)


def missing(peer: Peer) -> str | None:
    """Why the peer can't run here (its package is not installed), or None when it can."""
    if peer.module is None:
        return None
    import importlib

    try:
        importlib.import_module(peer.module)
    except ImportError as error:
        return f"{peer.package} not installed ({error})"
    return None


def version(package: str | None) -> str | None:
    """The installed version of a distribution, or None."""
    if package is None:
        return None
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def trafilatura_metadata(page: str, url: str | None) -> dict[str, Any]:
    """Title, author and date as trafilatura's `bare_extraction` finds them."""
    import trafilatura

    document = trafilatura.bare_extraction(page, url=url, with_metadata=True)
    found: dict[str, Any] = {}
    if document is not None:
        found = document if isinstance(document, dict) else document.as_dict()
    return {name: found.get(name) for name in ("title", "author", "date")}

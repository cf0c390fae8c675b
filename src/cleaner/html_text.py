"""A parsed page as whole-page plain text: every block of it a paragraph, as a crawl's dump has it.

This is what the plain-text path's whole-page reading (`page.py`) was built for, so the HTML
path can fall back on it, or look there for article text that the extraction left out. Menus,
footers and all stay in: telling them from the article is the page reading's job. On the 709
WCXB dev pages this text and the set's own `text-page` dump share 0.99 of their words (word
F1 of one against the other).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["LIST_MARK", "folded", "line_words", "page_text", "text_without"]


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Elements whose content is not text a reader sees.
_UNSEEN = _tags("script style noscript template svg math head iframe object embed canvas select")
# Elements that start and end a paragraph; everything else (a, span, em, b, ...) flows inline.
_BLOCKS = _tags(
    """html body main article section header footer nav aside div p h1 h2 h3 h4 h5 h6 blockquote
    pre address center hr br ul ol dl dt dd table thead tbody tfoot tr td th caption figure
    figcaption form fieldset legend details summary option"""
)
# Between two blocks: a noncharacter, which no page's text holds (a newline could be the text's).
_BREAK = "\ufdd0"
# How a list item starts in the page text; trafilatura starts one with "- " in its extraction.
LIST_MARK = "* "

# The walk is an XSLT stylesheet, run by libxslt: in Python, visiting every element of a page
# costs twice as much (lxml makes an object of each), and this runs on every HTML page.
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="{"|".join(sorted(_UNSEEN))}"/>
<xsl:template match="{"|".join(sorted(_BLOCKS))}">
<xsl:text>&#xFDD0;</xsl:text><xsl:apply-templates/><xsl:text>&#xFDD0;</xsl:text>
</xsl:template>
<xsl:template match="li">
<xsl:text>&#xFDD0;{LIST_MARK}</xsl:text><xsl:apply-templates/><xsl:text>&#xFDD0;</xsl:text>
</xsl:template>
</xsl:stylesheet>"""
_transform: Any = None  # compiled on first use: text input never needs it


def folded(text: str) -> str:
    """A markup's text with each run of whitespace (its line breaks and indents) one space."""
    return " ".join(text.split())


def text_without(element: Any, left_out: Callable[[Any], bool], separator: str = "") -> str:
    """An element's text as `text_content` joins it (comments aside), without the descendants
    `left_out` names (and theirs): a caption without its credit, a byline without its date.
    `separator` goes between its pieces (" " reads "<b>By</b>Jane" as trafilatura does)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not left_out(child):
            parts.append(text_without(child, left_out, separator))
        parts.append(child.tail or "")
    return separator.join(parts)


def line_words(line: str) -> int:
    """The words of a line of folded text (`page_text`'s, or trafilatura's): they stand one
    space apart, so counting the spaces counts them, at C speed and without splitting."""
    return line.count(" ") + 1


def page_text(tree: Any) -> str:
    """Every visible block of a parsed page (lxml) as one paragraph, a blank line between them.

    List items keep a "* " mark: the page reading takes runs of marked short lines for menus.
    """
    from lxml import etree  # a dependency of trafilatura; imported where HTML is read

    global _transform
    if _transform is None:
        _transform = etree.XSLT(etree.fromstring(_STYLESHEET))
    body = tree.find(".//body")
    try:
        text = str(_transform(body if body is not None else tree))
    except etree.XSLTApplyError:  # a tree libxslt won't walk: its text, in one piece
        text = etree.tostring(tree, method="text", encoding="unicode")
    # most parts are the blank space between two block tags: skipped before any folding
    parts = (folded(part) for part in text.split(_BREAK) if part and not part.isspace())
    return "\n\n".join(p for p in parts if p.strip(LIST_MARK))

"""HTML input: sniffed by content, extracted with trafilatura, then cleaned like text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import clean
from cleaner.html import looks_like_html, parse_page, strip_site_name

FIXTURE_PAGE = Path(__file__).parent / "fixtures" / "html_article" / "input.html"


@pytest.mark.parametrize(
    "text",
    ["<!DOCTYPE html><html><body><p>x</p></body></html>", "<div><p>One</p><p>Two</p><p>Three</p></div>"],
    ids=["document", "fragment"],
)
def test_html_is_told_by_content(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    ["Use <b> for bold, the guide says.", "The x < y and y > z rule holds.", "News / World"],
    ids=["tag-in-prose", "comparison", "text"],
)
def test_text_mentioning_tags_is_text(text: str) -> None:
    assert not looks_like_html(text)


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("How to store herbs | Example Kitchen", "Example Kitchen", None, "How to store herbs"),
        ("Example Kitchen - How to store herbs", "Example Kitchen", None, "How to store herbs"),
        ("How to store herbs – Kitchn", None, "https://www.thekitchn.com/a", "How to store herbs"),
        ("Iran - US talks resume", "Reuters", "https://www.reuters.com/x", "Iran - US talks resume"),
    ],
    ids=["suffix", "prefix", "host", "separator-in-title"],
)
def test_site_name_leaves_the_title(title: str, site: str | None, url: str | None, expected: str) -> None:
    assert strip_site_name(title, site, url) == expected


def test_page_without_an_article_falls_back_to_its_text() -> None:
    result = clean("<html><body><ul><li>Home</li><li>About</li></ul></body></html>")
    assert result.metadata.extraction in {"html", "html-fallback"}


@pytest.mark.parametrize(
    "html",
    [
        FIXTURE_PAGE.read_text(encoding="utf-8"),
        "<!DOCTYPE html><html><head><title>T</title></head><body><p>One</p><!-- c --></body></html>",
        # lxml refuses a str that declares its encoding: parsed as bytes instead
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>caf\u00e9</p></body></html>",
        "<html/>\n<body><p>A self-closed root, repaired first.</p></body>",
        "<div><p>A fragment</p><p>of two paragraphs</p></div>",
        "<p>one block</p>",  # no "html" near the start and one element: not a page
        "plain text",
        "",
        "<html><body>\x00<p>control characters</p>\x0b</body></html>",
    ],
    ids=[
        "page",
        "comment",
        "encoding-declared",
        "self-closed-root",
        "fragment",
        "one-block",
        "text",
        "empty",
        "controls",
    ],
)
def test_page_parses_as_trafilatura_parses_it(html: str) -> None:
    from lxml import etree
    from lxml.html import HtmlElement
    from trafilatura.utils import load_html

    ours, theirs = parse_page(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)
        # trafilatura and htmldate test for lxml.html's class: every element must be one
        assert all(isinstance(element, HtmlElement) for element in ours.iter(etree.Element))


def test_deep_page_keeps_its_text() -> None:
    # An old page opens a <font> in every paragraph and never closes it: each paragraph sits one
    # level deeper than the last. libxml2's default depth limit (256) would drop paragraphs 128
    # to 400 without a word, in our parse as in trafilatura's own.
    paragraphs = [
        f"Paragraph {n} of the story, with enough words in it to read as prose." for n in range(400)
    ]
    page = "<html><body>" + "".join(f"<p><font size=2>{p}" for p in paragraphs) + "</body></html>"
    text = clean(page).text
    assert all(p in text for p in paragraphs)

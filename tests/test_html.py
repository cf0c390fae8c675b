"""HTML input: sniffed by content, extracted with trafilatura, then cleaned like text."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.html import looks_like_html, strip_site_name


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

"""Photo captions read from the markup: which <figcaption> counts, and how its credit is told."""

from __future__ import annotations

import pytest
from lxml import html

from cleaner import Cleaner, clean
from cleaner.fields import is_credit_line
from cleaner.html_captions import CaptionSplitter, MarkupCaption, figure_captions
from html_pages import PARAGRAPHS, page


def figure(caption: str, picture: str = "<img src='a.jpg' alt=''>") -> str:
    return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"


def captions_of(body: str) -> list[MarkupCaption]:
    return figure_captions(html.fromstring(page(body)))


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("The reading room on Tuesday.", MarkupCaption("The reading room on Tuesday.")),
        (
            "The reading room on Tuesday. <span class='photo-credit'>Photo: Jane Doe</span>",
            MarkupCaption("The reading room on Tuesday.", "Photo: Jane Doe"),
        ),
        (
            "The reading room. <span class='attribution'><cite>Town Archive</cite></span> Restored.",
            MarkupCaption("The reading room. Restored.", "Town Archive"),
        ),
        (
            "<span class='figure-article-caption-owner'>Jane Doe</span>",
            MarkupCaption("", "Jane Doe"),
        ),
        (
            "Queue at the <a href='/library'>library</a> before it opens on a Saturday.",
            MarkupCaption("Queue at the library before it opens on a Saturday."),
        ),
    ],
)
def test_a_picture_caption_and_its_marked_credit(caption: str, expected: MarkupCaption) -> None:
    assert captions_of(f"<article>{PARAGRAPHS}{figure(caption)}</article>") == [expected]


@pytest.mark.parametrize(
    "body",
    [
        # a quote's figure names who said it, portrait or not
        "<figure><img src='p.jpg'><blockquote>We need more hours.</blockquote>"
        "<figcaption>Ann Lee, reader</figcaption></figure>",
        # a figure that shows no picture
        "<figure><pre>x = 1</pre><figcaption>Listing 1: the setting</figcaption></figure>",
        # a teaser card: the caption is another article's headline, a link
        "<figure><a href='/budget'><img src='b.jpg'>"
        "<figcaption>Council approves the budget</figcaption></a></figure>",
        figure("<a href='/budget'>Council approves the new budget for parks</a>"),
        # a page's text inside a figure is no caption
        figure("word " * 81),
        # a <figcaption> outside any figure
        "<div><img src='a.jpg'><figcaption>Loose caption</figcaption></div>",
    ],
)
def test_what_is_no_picture_caption(body: str) -> None:
    assert captions_of(f"<article>{PARAGRAPHS}{body}</article>") == []


def _splitter() -> CaptionSplitter:
    cleaner = Cleaner()
    return CaptionSplitter(cleaner.registry.rules_for(None), cleaner.config.regex_timeout)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            MarkupCaption("Visitors queue outside the library on Saturday. Photo: John Smith"),
            [MarkupCaption("Visitors queue outside the library on Saturday.", "Photo: John Smith")],
        ),
        (
            MarkupCaption("A good way to disrupt your sleep. Sergey Mironov/Moment via Getty Images"),
            [MarkupCaption("A good way to disrupt your sleep.", "Sergey Mironov/Moment via Getty Images")],
        ),
        # a credit the markup set apart is not split again
        (MarkupCaption("The room. Photo: a", "Jane Doe"), [MarkupCaption("The room. Photo: a", "Jane Doe")]),
        # nothing to split off: the caption whole
        (MarkupCaption("The reading room on Tuesday."), [MarkupCaption("The reading room on Tuesday.")]),
        # a caption that is only a credit is none
        (MarkupCaption("Credit: Amazon"), []),
        (MarkupCaption("", "Jane Doe"), []),
    ],
)
def test_credits_split_off_by_the_caption_rules(
    caption: MarkupCaption, expected: list[MarkupCaption]
) -> None:
    assert list(_splitter().split([caption])) == expected


@pytest.mark.parametrize(
    "text",
    ["Photo: Reuters", "Image credit: Eurogamer", "Photo by Carl Miller", "© AFP", "Courtesy of the artist"],
)
def test_credit_lines(text: str) -> None:
    assert is_credit_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "Image 1: Workflows and agents side by side",
        "Pictures from the march in Lagos on Saturday",
        "Cover of the 1987 edition",
        "Photo: the crowd outside the court cheered as the verdict was read out and the family hugged",
    ],
)
def test_no_credit_lines(text: str) -> None:
    assert not is_credit_line(text)


def test_html_input_keeps_its_captions_as_metadata() -> None:
    body = (
        "<nav><a href='/'>Home</a></nav>"
        f"<article><h1>Library hours extended</h1>{PARAGRAPHS}"
        + figure("The reading room on Tuesday. <span class='credit'>Photo: Jane Doe/Reuters</span>")
        + figure("The reading room on Tuesday. <span class='credit'>Photo: Jane Doe/Reuters</span>")
        + figure("Credit: Town News")
        + "</article><aside>"
        + figure("Another story's picture")
        + "</aside>"
    )
    result = clean(page(body))
    assert "opening hours" in result.text
    assert "room on Tuesday" not in result.text
    assert [(c.text, c.credit) for c in result.metadata.captions] == [
        ("The reading room on Tuesday.", "Jane Doe/Reuters")
    ]

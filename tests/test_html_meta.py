"""HTML metadata: title, author and date read off the parsed page, without trafilatura's metadata pass."""

from __future__ import annotations

from typing import Any

import pytest
from trafilatura.utils import load_html

from cleaner.html_meta import AttributeTest, MetadataReader, PageMetadata, declared_body, stated_date_reader

BODY = "<p>" + "The council voted on the plan for the river on Tuesday night. " * 6 + "</p>"


def read(head: str, body: str, url: str | None = None) -> PageMetadata:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return MetadataReader().read(load_html(page), url)


@pytest.mark.parametrize(
    ("body", "author"),
    [
        ('<h1>Plan</h1><div class="byline">By Jane Doe</div>' + BODY, "Jane Doe"),
        ('<h1>Plan</h1><a rel="author" href="/jane">Jane Doe</a>' + BODY, "Jane Doe"),
        ('<h1>Plan</h1><span class="author-name">Jane Doe</span>' + BODY, "Jane Doe"),
        (
            '<h1>Plan</h1><div class="byline">Jane Doe <time>3 hours ago</time></div>' + BODY,
            "Jane Doe",
        ),
    ],
    ids=["byline-class", "rel-author", "author-name-class", "time-inside-byline"],
)
def test_byline_in_the_markup_is_the_author(body: str, author: str) -> None:
    assert read("<title>Plan</title>", body).author == author


@pytest.mark.parametrize(
    "body",
    [
        "<h1>Plan</h1><p>Jane Doe wrote the plan.</p>" + BODY,
        "<h1>Plan</h1>" + BODY + '<div id="comments"><span class="author">Troll Account</span></div>',
        "<h1>Plan</h1>" + BODY + '<div class="sidebar"><span class="author">Other Writer</span></div>',
    ],
    ids=["name-in-prose", "commenter", "sidebar-author"],
)
def test_names_outside_a_byline_are_not_the_author(body: str) -> None:
    assert read("<title>Plan</title>", body).author is None


def test_meta_author_comes_before_the_markup() -> None:
    head = '<title>Plan</title><meta name="author" content="Jane Doe">'
    body = '<h1>Plan</h1><div class="byline">By Someone Else</div>' + BODY
    assert read(head, body).author == "Jane Doe"


def test_json_ld_gives_title_author_and_date() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "River plan passes",'
        ' "author": {"@type": "Person", "name": "Jane Doe"}, "datePublished": "2024-03-05T10:00:00Z"}'
        "</script>"
    )
    meta = read(head, "<h1>River plan passes</h1>" + BODY)
    assert (meta.title, meta.author, meta.date) == ("River plan passes", "Jane Doe", "2024-03-05")


@pytest.mark.parametrize(
    ("body", "date"),
    [
        ("<h1>Plan</h1><p>Published March 3, 2024</p>" + BODY, "2024-03-03"),
        ("<h1>Plan</h1><div>Updated 7 June 2023, 10:04</div>" + BODY, "2023-06-07"),
        # a date split over inline tags reads whole, as the page shows it
        ("<h1>Plan</h1><p>Published <b>March</b> <span>3</span>, 2024</p>" + BODY, "2024-03-03"),
    ],
    ids=["month-day-year", "day-month-year", "split-over-inline-tags"],
)
def test_a_date_printed_on_the_page_is_the_date_when_the_markup_has_none(body: str, date: str) -> None:
    assert read("<title>Plan</title>", body).date == date


def test_a_date_in_a_script_is_not_printed_on_the_page() -> None:
    body = '<h1>Plan</h1><script>var built = "March 3, 2024";</script>' + BODY
    assert read("<title>Plan</title>", body).date is None


def test_meta_date_comes_first() -> None:
    head = '<title>Plan</title><meta property="article:published_time" content="2022-01-09T08:00:00Z">'
    body = "<h1>Plan</h1><p>Updated March 3, 2024</p>" + BODY
    assert read(head, body).date == "2022-01-09"


# A timestamp in a script and a date in another article's card: htmldate's guesses find both.
SCRIPT_TIMESTAMP = '<script>var built = "2019-05-04T10:00:00";</script>'
CARD_DATE = (
    '<div class="card"><a href="/older">Older story</a><span class="post-date">2019-05-04</span></div>'
)


@pytest.mark.parametrize("elsewhere", [SCRIPT_TIMESTAMP, CARD_DATE], ids=["script", "card"])
def test_a_printed_date_comes_before_htmldates_guesses(elsewhere: str) -> None:
    body = "<h1>Plan</h1><p>Published March 3, 2024</p>" + BODY + elsewhere
    assert read("<title>Plan</title>", body).date == "2024-03-03"


def test_htmldates_guess_is_the_last_resort() -> None:
    assert read("<title>Plan</title>", "<h1>Plan</h1>" + BODY + SCRIPT_TIMESTAMP).date == "2019-05-04"


def test_a_time_element_comes_before_a_printed_date() -> None:
    body = '<h1>Plan</h1><time datetime="2022-01-09">9 January</time><p>Updated March 3, 2024</p>' + BODY
    assert read("<title>Plan</title>", body).date == "2022-01-09"


def test_htmldate_has_the_stages_that_read_stated_dates() -> None:
    # Functions of htmldate's modules, not its documented API: an htmldate that moves them would
    # make the reader fall back to its whole search first, slower and with other dates.
    assert stated_date_reader() is not None


def test_reading_leaves_the_tree_as_it_was() -> None:
    from lxml.html import tostring
    from trafilatura.utils import load_html

    tree = load_html(
        "<html><head><title>Plan</title></head><body><h1>Plan</h1>"
        '<div class="byline">Jane Doe <time>today</time></div><figure>x</figure>' + BODY + "</body></html>"
    )
    before = tostring(tree)
    MetadataReader().read(tree, None)
    assert tostring(tree) == before


def test_an_empty_value_group_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        AttributeTest("class", "contains", ())


# -- the article as the page declares it


def _ld(*objects: str) -> Any:
    scripts = "".join(f'<script type="application/ld+json">{o}</script>' for o in objects)
    return load_html(f"<html><head>{scripts}</head><body><p>Page</p></body></html>")


def test_declared_body_is_read_from_json_ld() -> None:
    graph = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "Home"},'
        ' {"@type": "NewsArticle", "articleBody": "<p>The council voted.</p><p>It&rsquo;s done.</p>"}]}'
    )
    assert declared_body(_ld(graph)).split() == ["The", "council", "voted.", "It’s", "done."]
    assert declared_body(_ld(graph)).count("\n") == 2  # a paragraph a line: each </p> ends one


def test_a_body_declared_deep_in_the_json_is_found() -> None:
    nested = '{"mainEntity": ' + "[" * 200 + '{"articleBody": "Found."}' + "]" * 200 + "}"
    assert declared_body(_ld(nested)) == "Found."


def test_the_longest_declared_body_is_the_article() -> None:
    short = '{"@type": "Article", "articleBody": "A teaser."}'
    long = '{"@type": "Article", "articleBody": "The whole article, much longer than the teaser."}'
    assert declared_body(_ld(short, long)) == "The whole article, much longer than the teaser."


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "Article", "articleBody": "unterminated',  # not JSON
        '{"@type": "Article", "description": "No body declared."}',
        '{"@type": "Article", "articleBody": ["not", "a", "string"]}',
        '{"articleBody": ' + "[" * 100_000 + "]" * 100_000 + "}",  # deeper than Python reads
    ],
    ids=["broken", "none", "not-text", "too-deep-to-read"],
)
def test_pages_that_declare_no_usable_body_declare_nothing(script: str) -> None:
    assert declared_body(_ld(script)) == ""

"""Related headlines read from the markup: which heading opens a list, where its section ends,
and which of its links are headlines."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from cleaner import Cleaner, Config, clean
from cleaner.engine import ApplyRules
from cleaner.html_related import RelatedReader
from cleaner.rules.registry import Registry
from html_pages import PARAGRAPHS, page

ARTICLE = f"<article><h1>Library hours extended</h1>{PARAGRAPHS}</article>"


def links(*titles: str) -> str:
    return "<ul>" + "".join(f"<li><a href='/news/{k}'>{t}</a></li>" for k, t in enumerate(titles)) + "</ul>"


def sidebar(heading: str, *titles: str) -> str:
    """A sidebar box: a heading and a list of links under it."""
    return f"<aside><h3>{heading}</h3>{links(*titles)}</aside>"


@pytest.fixture(scope="module")
def reader() -> RelatedReader:
    config = Config()
    return RelatedReader(config, ApplyRules(config, Registry.from_config(config)))


def related_of(reader: RelatedReader, body: str) -> list[str]:
    return reader.read(html.fromstring(page(body)))


def test_a_sidebar_list_under_a_related_heading(reader: RelatedReader) -> None:
    body = ARTICLE + sidebar("Related articles", "Pool opening hours cut", "New park opens")
    assert related_of(reader, body) == ["Pool opening hours cut", "New park opens"]


@pytest.mark.parametrize(
    "heading",
    [
        "How the vote went",
        "Read more about the plan in the council's minutes",
        "Comments",
        "Share this story",
    ],
)
def test_links_under_another_heading_are_not_taken(reader: RelatedReader, heading: str) -> None:
    body = (
        ARTICLE
        + f"<section><h2>{heading}</h2>"
        + links("Pool opening hours cut", "New park opens")
        + "</section>"
    )
    assert related_of(reader, body) == []


def test_the_section_ends_at_the_next_heading_as_high(reader: RelatedReader) -> None:
    # headings and lists side by side in one container: the list is what follows its heading
    body = (
        ARTICLE
        + "<div class='sidebar'><h2>Most read</h2>"
        + links("Pool opening hours cut")
        + "<h2>Our partners</h2>"
        + links("Buy Garden Furniture Today")
        + "</div>"
    )
    assert related_of(reader, body) == ["Pool opening hours cut"]


def test_a_header_with_its_button_and_the_cards_below(reader: RelatedReader) -> None:
    # the heading stands in a header beside a "See all" button; the cards follow the header
    card = "<article><a href='/p/{0}'><img src='{0}.jpg' alt=''></a><h3><a href='/p/{0}'>{1}</a></h3>"
    card += (
        "<a href='/author/jane-doe'>Jane Doe</a><a href='/category/news' rel='tag'>Town News</a></article>"
    )
    body = (
        ARTICLE
        + "<section><header><h2>Recent Posts</h2><a href='/blog'>See All</a></header><div>"
        + card.format(1, "Pool opening hours cut")
        + card.format(2, "New park opens in June")
        + "</div></section>"
    )
    assert related_of(reader, body) == ["Pool opening hours cut", "New park opens in June"]


def test_a_card_link_gives_its_headline_not_its_whole_text(reader: RelatedReader) -> None:
    marked = "<a href='/p/1'><span>Town</span><span class='card-title'>Pool opening hours cut</span></a>"
    heading = "<a href='/p/2'><h4>New park opens in June</h4><p>The park by the river opens.</p></a>"
    parts = "<a href='/p/3'><div>Town News</div><div>Library gets a new roof</div><div>3 min</div></a>"
    body = ARTICLE + f"<aside><h3>You might also like</h3>{marked}{heading}</aside>"
    assert related_of(reader, body) == ["Pool opening hours cut", "New park opens in June"]
    assert related_of(reader, ARTICLE + f"<aside><h3>Read next</h3>{parts}</aside>") == [
        "Library gets a new roof"
    ]


def test_links_that_are_no_headlines_are_passed_over(reader: RelatedReader) -> None:
    body = (
        ARTICLE
        + "<aside><h3>Related stories</h3>"
        + links(
            "Pool opening hours cut",
            "Load more",  # a button's label, which a rule takes on its own: passed over, not an end
            "the council said.",  # no headline
            "New park opens in June",
        )
        + "<a href='/tag/parks'>Parks and Gardens Guide</a></aside>"
    )
    assert related_of(reader, body) == ["Pool opening hours cut", "New park opens in June"]


def test_a_list_takes_at_most_its_rules_items(reader: RelatedReader) -> None:
    titles = [f"Story number {k} of the week" for k in range(20)]
    found = related_of(reader, ARTICLE + sidebar("Most popular", *titles))
    assert found == titles[:12]  # the related-list rule's max_items


def test_a_headline_in_two_lists_is_recorded_once(reader: RelatedReader) -> None:
    body = (
        ARTICLE
        + "<aside><h3>Most read</h3>"
        + links("Pool opening hours cut", "New park opens")
        + "</aside><footer><h3>Latest news</h3>"
        + links("New park opens", "Library gets a new roof")
        + "</footer>"
    )
    assert related_of(reader, body) == ["Pool opening hours cut", "New park opens", "Library gets a new roof"]


def test_html_input_keeps_its_related_headlines_as_metadata(tmp_path: Path) -> None:
    nav = "<nav><a href='/'>Home</a></nav>"
    body = nav + ARTICLE + sidebar("Related articles", "Pool opening hours cut", "New park opens")
    result = clean(page(body))
    assert "opening hours" in result.text
    assert "Pool opening hours cut" not in result.text
    assert result.metadata.related == ["Pool opening hours cut", "New park opens"]
    # a user's pack is read too: its related-list heading opens a list
    rules = (
        '[[rules]]\nid = "more_from_town"\ndescription = "x"\naction = "list"\nitem = "headline"\n'
        'field = "related"\nmax_words = 4\npattern = "From the town hall"\n'
        'examples = ["From the town hall"]\ncounterexamples = ["From the town"]\n'
    )
    other = page(ARTICLE + sidebar("From the town hall", "Budget vote delayed again"))
    assert clean(other).metadata.related == []
    (tmp_path / "mine.toml").write_text(rules, encoding="utf-8")
    mine = Cleaner(Config(rule_files=(tmp_path / "mine.toml",)))
    assert mine.clean(other).metadata.related == ["Budget vote delayed again"]

"""The page's whole text from HTML, the fallback on it, and gaps in an extraction filled from it."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from trafilatura.utils import load_html

from cleaner import Cleaner, Config, clean
from cleaner.html_fill import DECLARED_MIN_TOKENS, FILL_MIN_SHARE, GapFiller, fill_from_declared
from cleaner.html_text import page_text

# -- the page's text


def test_page_text_makes_a_paragraph_of_each_block() -> None:
    html = (
        "<html><head><title>T</title><style>p {}</style></head><body>"
        "<div>Top <b>bold</b> <a href='#'>link</a> end</div><p>One<br>Two</p>"
        "<ul><li>Home</li><li>News</li></ul><script>var x = 1;</script>"
        "<p>Before<!-- a comment -->after</p></body></html>"
    )
    assert page_text(load_html(html)) == (
        "Top bold link end\n\nOne\n\nTwo\n\n* Home\n\n* News\n\nBeforeafter"
    )


def test_page_text_keeps_what_an_unclosed_aside_wraps() -> None:
    html = "<html><body><aside class='popup'><p>Sign up</p><article><p>The story.</p></article></body></html>"
    assert page_text(load_html(html)) == "Sign up\n\nThe story."


# -- falling back on it

_P = (
    "Members of the council voted on Tuesday to extend the library's opening hours, after a year of "
    "complaints from students who said they had nowhere quiet to work in the evenings."
)
_Q = (
    "The change will cost the town about forty thousand dollars a year, which the council plans to "
    "cover from the parking fund rather than from new taxes, the mayor told reporters afterwards."
)


def test_a_page_wrapped_in_an_unclosed_aside_falls_back_on_its_text() -> None:
    # trafilatura drops every <aside>, and with it a page that a popup left unclosed wraps
    html = (
        "<html><body><aside class='popup'><h2>Join our newsletter</h2><form><input name='e'></form>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li><li><a href='/s'>Sports</a>"
        "</li><li><a href='/a'>About</a></li></ul></nav>"
        f"<main><article><h1>Library hours extended</h1><p>{_P}</p><p>{_Q}</p></article></main>"
        "<footer><p>Copyright 2025 Town Herald</p></footer></body></html>"
    )
    result = clean(html)
    assert result.metadata.extraction == "html-fallback"
    assert _P in result.text and _Q in result.text
    assert "Sports" not in result.text


# -- filling gaps, the rule alone (the page reading stood in for by the page's lines)


def _anchor(n: int) -> str:
    return f"Anchor paragraph {n} " + " ".join(f"word{n}x{i}" for i in range(30)) + "."


def _missing_line(n: int) -> str:
    return f"Missing paragraph {n} " + " ".join(f"lost{n}y{i}" for i in range(12)) + "."


def _filler(drop: Sequence[str] = ()) -> GapFiller:
    return GapFiller(lambda page: [line for line in page.splitlines() if line not in drop])


def _page(*lines: str) -> str:
    return "\n\n".join(lines)


def test_lines_between_two_anchors_are_put_back_in_place() -> None:
    extracted = "\n".join([_anchor(1), _anchor(2), _anchor(3)])
    page = _page("Home", _anchor(1), "Place one", _missing_line(1), _anchor(2), _anchor(3), "Footer")
    filled = _filler().fill(extracted, page)
    assert filled is not None
    assert filled.text.splitlines() == [_anchor(1), "Place one", _missing_line(1), _anchor(2), _anchor(3)]
    assert filled.added == 2


def test_a_list_item_put_back_is_marked_as_the_extraction_marks_one() -> None:
    # the page text marks list items "* ", trafilatura's extraction "- ": one text, one mark
    extracted = "\n".join([_anchor(1), "- " + _missing_line(9), _anchor(2)])
    page = _page(_anchor(1), "* " + _missing_line(9), "* " + _missing_line(1), _anchor(2))
    filled = _filler().fill(extracted, page)
    assert filled is not None
    assert "- " + _missing_line(1) in filled.text.splitlines()


@pytest.mark.parametrize(
    "between",
    [
        pytest.param(["Share", "Tweet"], id="short-lines-heading-nothing"),
        pytest.param([], id="nothing-between"),
    ],
)
def test_short_lines_alone_are_not_put_back(between: list[str]) -> None:
    extracted = "\n".join([_anchor(1), _anchor(2)])
    assert _filler().fill(extracted, _page(_anchor(1), *between, _anchor(2))) is None


def test_lines_outside_the_anchors_are_not_put_back() -> None:
    # reader comments below the article, a teaser above it: not between two of its paragraphs
    extracted = "\n".join([_anchor(1), _anchor(2)])
    page = _page(_missing_line(1), _anchor(1), _anchor(2), _missing_line(2), _missing_line(3))
    assert _filler().fill(extracted, page) is None


def test_lines_the_page_reading_drops_are_not_put_back() -> None:
    extracted = "\n".join([_anchor(1), _anchor(2)])
    page = _page(_anchor(1), _missing_line(1), _anchor(2))
    assert _filler().fill(extracted, page) is not None
    assert _filler(drop=[_missing_line(1)]).fill(extracted, page) is None


def test_a_small_gap_is_left_to_the_extraction() -> None:
    # one missing line against many paragraphs: a caption or a blurb as often as a paragraph
    anchors = [_anchor(n) for n in range(12)]
    page = _page(anchors[0], _missing_line(1), *anchors[1:])
    assert len(_missing_line(1).split()) < FILL_MIN_SHARE * len(" ".join(anchors).split())
    assert _filler().fill("\n".join(anchors), page) is None


def test_a_page_whose_missing_lines_the_extraction_holds_reworded_is_not_read() -> None:
    # The page has the line with a word changed (an edit, an entity, a typographer's quote):
    # not found as it is, it still stands in the extraction by its trigrams, so nothing could be
    # added and the page reading, the costly part, is not run.
    reworded = _missing_line(1).replace("lost1y5", "found1y5")
    extracted = "\n".join([_anchor(1), reworded, _anchor(2)])
    page = _page(_anchor(1), _missing_line(1), _anchor(2))
    reads: list[str] = []
    filler = GapFiller(lambda text: reads.append(text) or text.splitlines())
    assert filler.fill(extracted, page) is None
    assert reads == []


def test_an_empty_extraction_is_not_filled() -> None:
    assert _filler().fill("", _page(_anchor(1), _missing_line(1), _anchor(2))) is None


# -- filling gaps, on a page

_DISHES = ["dumplings", "noodles", "tacos", "curry", "oysters", "pastry"]


def _venue(dish: str) -> str:
    return (
        f"The place is known for its {dish}, which regulars order before they sit down; on weekends "
        f"a queue for the {dish} forms outside long before opening, and the owners never planned it."
    )


def _listicle() -> str:
    """An article whose entries sit in a box that trafilatura takes for the page's footer."""
    intro = "".join(
        f"<p>Our critics ate their way through the city {when}, and this list of the places they "
        f"liked best is what came of it, in no particular order and with prices as of {when}.</p>"
        for when in ("this spring", "this summer")
    )
    entries = "".join(
        f'<article class="venue"><h3>Place {n}</h3><div class="excerpt"><p>{_venue(dish)}</p></div></article>'
        for n, dish in enumerate(_DISHES)
    )
    outro = "".join(
        f"<p>Prices were checked {when}, and menus change with the seasons, so call ahead before you "
        f"go; several of the kitchens on this list close for a week or two {when} every year.</p>"
        for when in ("in June", "in August")
    )
    return (
        "<html><head><title>Where to eat</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/food'>Food</a></li></ul></nav><main><article class='post'>"
        f"<h1>Where to eat this year</h1>{intro}<div class='page-footer'><div class='venues'>{entries}"
        f"</div></div>{outro}</article></main><footer><p>Copyright 2025 Example Media</p></footer>"
        "</body></html>"
    )


def test_entries_the_extraction_left_out_are_put_back() -> None:
    result = clean(_listicle())
    assert result.metadata.extraction == "html-filled"
    for dish in _DISHES:
        assert _venue(dish) in result.text
    assert "Place 3" in result.text  # a short heading over an entry comes back with it
    assert "Copyright" not in result.text and "Food" not in result.text


def test_filling_can_be_turned_off() -> None:
    result = Cleaner(Config(html_fill_gaps=False)).clean(_listicle())
    assert result.metadata.extraction == "html"
    assert _venue(_DISHES[0]) not in result.text


def test_a_complete_extraction_is_left_as_it_is() -> None:
    # the article whole, a related box and comments around it: nothing between its paragraphs
    body = "".join(f"<p>{p}</p>" for p in (_P, _Q, _P.replace("Tuesday", "Monday")))
    html = (
        "<html><body><main><article><h1>Library hours extended</h1>"
        f"{body}</article><section class='comments'><p>Great news for the students of this town, "
        "finally someone listened to them after all these years of asking for it.</p></section>"
        "</main></body></html>"
    )
    result = clean(html)
    assert result.metadata.extraction == "html"
    assert "Great news" not in result.text


# -- the article the page declares in its JSON-LD

_TRAILS = (
    "The ridge trail climbs four miles through old pine forest before it opens onto a bare granite "
    "shoulder, where on a clear morning you can count three separate mountain ranges to the north.",
    "Families with small children tend to prefer the lake loop, which stays flat for its whole length "
    "and passes two sandy beaches, a boat launch and a picnic shelter that the rangers keep stocked.",
    "For a harder day, the canyon route drops almost two thousand feet to the river and climbs back "
    "out again by a series of switchbacks that the park only opens once the spring floods have passed.",
    "Birders come for the marsh boardwalk in May, when herons nest in the dead trees at its far end "
    "and the volunteers at the visitor center lend out binoculars to anyone who asks for a pair.",
    "Whichever trail you choose, carry more water than you think you need, since none of the springs "
    "marked on older maps can be trusted after a dry summer, and the nearest store is an hour away.",
)
_DECLARED = " ".join(_TRAILS)  # run together, as many sites declare it
_HEADINGS = ("Ridge Trail", "Lake Loop", "Canyon Route", "Marsh Boardwalk", "More Water")


def _trails_page(*extra: str) -> str:
    entries = [line for pair in zip(_HEADINGS, _TRAILS, strict=True) for line in pair]
    related = "Related: our readers pick the twelve best campgrounds within a day's drive of the city"
    return _page(
        "Home", "* Parks", "* Trails", "Sign in", *entries, related, *extra, "Copyright 2025 Trail News"
    )


def test_the_declared_article_replaces_an_extraction_that_lacks_most_of_it() -> None:
    filled = fill_from_declared(_TRAILS[0], _trails_page(), _DECLARED)
    assert filled is not None
    # the page's own lines, in its order, the headings with them; the chrome around them left out
    assert filled.text.splitlines() == [
        line for pair in zip(_HEADINGS, _TRAILS, strict=True) for line in pair
    ]


def test_a_declared_list_item_is_marked_as_the_extraction_marks_one() -> None:
    page = _trails_page().replace(_TRAILS[2], "* " + _TRAILS[2])
    filled = fill_from_declared(_TRAILS[0], page, _DECLARED)
    assert filled is not None and "- " + _TRAILS[2] in filled.text.splitlines()


def test_an_extraction_that_holds_the_declared_article_is_kept() -> None:
    assert fill_from_declared("\n".join(_TRAILS[:4]), _trails_page(), _DECLARED) is None


def test_a_short_declaration_is_no_article() -> None:
    description = _TRAILS[1] + " " + _TRAILS[2]  # under DECLARED_MIN_TOKENS words
    assert len(description.split()) < DECLARED_MIN_TOKENS
    assert fill_from_declared(_TRAILS[0], _trails_page(), description) is None


def test_a_declared_article_the_page_does_not_show_leaves_a_whole_extraction() -> None:
    # an article of its own, and a declaration of another one (a related story's, say)
    other = "\n".join(_anchor(n) for n in range(6))
    assert fill_from_declared(other, _page("Home", other), _DECLARED) is None


def _trails_html() -> str:
    # The page builder put the intro in the <article> and the rest of the entries in an <aside>;
    # the JSON-LD declares the whole article.
    ld = json.dumps({"@type": "NewsArticle", "headline": "Five trails", "articleBody": _DECLARED})
    entries = "".join(
        f"<div><h2>{h}</h2><p>{t}</p></div>" for h, t in zip(_HEADINGS[1:], _TRAILS[1:], strict=True)
    )
    return (
        f"<html><head><title>Five trails</title><script type='application/ld+json'>{ld}</script></head>"
        "<body><nav><ul><li><a href='/'>Home</a></li><li><a href='/parks'>Parks</a></li></ul></nav>"
        f"<main><article><h1>Five trails</h1><p>{_TRAILS[0]}</p></article><aside>{entries}</aside></main>"
        "<footer>Copyright 2025 Trail News</footer></body></html>"
    )


# On this page trafilatura's own extractor takes every entry, but its whole cascade keeps two of
# the five, as extractions do on real pages whose article is split: run with the cascade on every
# page, the extraction lacks most of the declared article.
_CASCADE = Config(html_compare_always=True)


def test_a_page_whose_extraction_lacks_its_declared_article_is_cleaned_from_it() -> None:
    result = Cleaner(_CASCADE).clean(_trails_html())
    assert result.metadata.extraction == "html-declared"
    assert all(trail in result.text for trail in _TRAILS)
    assert "Marsh Boardwalk" in result.text  # a heading, with its entry
    assert "Parks" not in result.text and "Copyright" not in result.text


def test_a_page_whose_extraction_holds_its_declared_article_keeps_it() -> None:
    result = clean(_trails_html())
    assert result.metadata.extraction == "html"
    assert all(trail in result.text for trail in _TRAILS)


def test_the_declared_article_is_read_with_the_page_text_only() -> None:
    # gap filling off: the declaration is not read either
    result = Cleaner(_CASCADE.replace(html_fill_gaps=False)).clean(_trails_html())
    assert result.metadata.extraction == "html"
    assert _TRAILS[3] not in result.text

"""HTML input: trafilatura's own extractor first, its whole cascade where that looks incomplete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cleaner import Config, clean
from cleaner.html import OWN_MAX_LINE_CHARS, OWN_MIN_CHARS, looks_incomplete

FIXTURE_PAGE = Path(__file__).parent / "fixtures" / "html_article" / "input.html"

PARAGRAPHS = [
    f"Paragraph {n} of the story tells how the harbour ferries ran again after the long winter storms."
    for n in range(10)
]
MENU = ["Home", "World", "Business", "Sport", "Contact us"]
PAGE = "\n\n".join(MENU + PARAGRAPHS + MENU)


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        ("\n".join(PARAGRAPHS), False),
        # the article without its menus and one paragraph: still the article
        ("\n".join(PARAGRAPHS[1:]), False),
        # a short subheading and a caption between paragraphs change nothing
        ("\n".join([*PARAGRAPHS[:5], "The storms", "Photo: Jane Doe", *PARAGRAPHS[5:]]), False),
        ("Harbour ferries run again.", True),  # short: the cascade's jusText and baseline could do better
        ("\n".join(PARAGRAPHS[:4]), True),  # under half the page's prose
        (" ".join(PARAGRAPHS * 4), True),  # the page glued into one line
    ],
    ids=["whole", "most", "with-short-lines", "short", "part", "glued"],
)
def test_own_extraction_looks_incomplete(own: str, expected: bool) -> None:
    assert looks_incomplete(own, PAGE) is expected


# Chinese has no spaces between words: its prose is counted by its letters.
CHINESE = [
    f"第{n}段：渡轮在漫长的冬季风暴之后重新开通，港口的工人们终于可以回到日常的工作中去了，码头上又热闹起来。"
    for n in range(12)
]
CHINESE_PAGE = "\n\n".join(["首页", "新闻", "财经", "体育", *CHINESE, "联系我们"])


@pytest.mark.parametrize(
    ("own", "expected"),
    [("\n".join(CHINESE), False), ("\n".join(CHINESE[:5]), True)],
    ids=["whole", "part"],
)
def test_prose_without_spaces_counts(own: str, expected: bool) -> None:
    assert len(own) >= OWN_MIN_CHARS  # not short: the share of the page's prose decides
    assert looks_incomplete(own, CHINESE_PAGE) is expected


def test_a_glued_menu_is_no_prose() -> None:
    # long lines without spaces, but no letters of a script written without them: were they
    # prose, the article would hold under half of the page's
    menus = ["OverviewSolutionsProductsPricingResourcesDocsSupportContact us"] * 10
    article = PARAGRAPHS[:5]
    assert sum(map(len, menus)) > sum(map(len, article))
    assert looks_incomplete("\n".join(article), "\n\n".join([*menus, *article])) is False


def test_an_extraction_long_in_short_lines_is_complete() -> None:
    # readability's text replaces the own one where it is over twice as long: a recipe's
    # ingredients, short lines all, make the own text too long for the page's prose to double
    ingredients = [f"{n} cups of flour, sifted twice" for n in range(1, 41)]
    own = "\n".join([*ingredients, *PARAGRAPHS[:3]])
    assert 2 * len(own) > sum(map(len, PARAGRAPHS))
    assert looks_incomplete(own, "\n\n".join([*ingredients, *PARAGRAPHS])) is False


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<body><p>The ferries run again.</p><table><row><cell>Mon</cell></row></table></body>", False),
        ("<body><list><item>The ferries run again.</item></list></body>", True),
        ("<body><p>The ferries</p><table/><table/></body>", True),
    ],
    ids=["paragraphs", "no-paragraph", "more-tables"],
)
def test_an_extraction_without_paragraphs_looks_incomplete(body: str, expected: bool) -> None:
    from lxml import etree

    own = "\n".join(PARAGRAPHS)  # long enough for the page: the tree alone decides
    assert looks_incomplete(own, PAGE) is False
    assert looks_incomplete(own, PAGE, etree.fromstring(body)) is expected


def test_a_glued_line_is_longer_than_any_paragraph_here() -> None:
    assert len(" ".join(PARAGRAPHS * 4)) > OWN_MAX_LINE_CHARS > max(map(len, PARAGRAPHS))


@pytest.fixture
def extraction_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each of trafilatura's extractions ran its whole cascade (not `fast`), in order."""
    import trafilatura

    calls: list[bool] = []
    real = trafilatura.bare_extraction

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(not kwargs.get("fast", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return calls


def test_a_complete_extraction_skips_the_cascade(extraction_calls: list[bool]) -> None:
    result = clean(FIXTURE_PAGE.read_text(encoding="utf-8"))
    assert extraction_calls == [False]
    assert result.metadata.extraction == "html"


def test_an_incomplete_extraction_runs_the_cascade(extraction_calls: list[bool]) -> None:
    page = "<html><body><p>Harbour ferries run again.</p><div>Home</div></body></html>"
    clean(page)
    assert extraction_calls == [False, True]


def test_config_runs_the_cascade_on_every_page(extraction_calls: list[bool]) -> None:
    clean(FIXTURE_PAGE.read_text(encoding="utf-8"), config=Config(html_compare_always=True))
    assert extraction_calls == [True]


def test_favoring_recall_runs_the_cascade_on_every_page(extraction_calls: list[bool]) -> None:
    # trafilatura's cascade skips its comparison for a long extraction itself when favoring recall
    clean(FIXTURE_PAGE.read_text(encoding="utf-8"), config=Config(html_favor="recall"))
    assert extraction_calls == [True]

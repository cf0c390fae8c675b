"""Whole-page text: telling a page from an article, the article's region, and what stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Config, clean
from cleaner.document import Block
from cleaner.page import densest_region, line_score, looks_like_whole_page

HEADER = ["Home", "News", "Sport", "Business", "Sign in", "Search"]
FOOTER = ["About us", "Contact", "Careers", "Privacy", "Terms", "Sitemap"]
TITLE = "Council Funds New Flood Barriers Along the River"
PARAS = [
    "The council voted on Tuesday to fund the new barriers along the river, ending a debate "
    "that had run for more than three years.",
    "Construction is expected to begin in the spring and to take about eighteen months, "
    "according to the city's engineering department.",
    "Residents of the low streets, who were flooded twice in the past decade, said they were "
    "relieved but would wait to see the work begin.",
]


def page(*middle: str) -> str:
    return "\n\n".join([*HEADER, *middle, *FOOTER]) + "\n"


def blocks(*lines: str) -> list[Block]:
    return [Block(i, line) for i, line in enumerate(lines)]


def test_header_of_short_lines_marks_a_whole_page() -> None:
    assert looks_like_whole_page(blocks(*HEADER, *PARAS))


def test_list_after_the_first_paragraph_is_an_article() -> None:
    # counterexample: a list inside an article is short lines too, but below its first paragraph
    assert not looks_like_whole_page(blocks(PARAS[0], *HEADER, PARAS[1]))


def test_skip_link_above_the_text_marks_a_whole_page() -> None:
    assert looks_like_whole_page(blocks("Skip to main content", TITLE, *PARAS))
    assert looks_like_whole_page(blocks("* Skip to content", "Logo", TITLE, *PARAS))


def test_footer_with_a_legal_link_below_the_text_marks_a_whole_page() -> None:
    assert looks_like_whole_page(blocks(TITLE, *PARAS, "About us", "Contact", "Privacy Policy", "Careers"))
    assert looks_like_whole_page(blocks(TITLE, *PARAS, "Jobs", "Press", "Help", "© 2025 Example Media"))


def test_an_article_ending_in_a_copyright_line_is_no_page() -> None:
    # counterexample: article containers end with a notice or a credit, without a footer's links
    assert not looks_like_whole_page(blocks(TITLE, *PARAS, "Copyright © 2025 WABC-TV. All Rights Reserved."))
    assert not looks_like_whole_page(blocks(TITLE, *PARAS, "Photo credit: ©iStock.com/gorodenkoff"))


def test_a_footer_with_end_matter_below_it_marks_a_whole_page() -> None:
    # the cookie dialog's text below the footer is the text's last paragraph
    footer = ["About us", "Contact", "© 2025 Example Media. All rights reserved.", "Privacy"]
    assert looks_like_whole_page(blocks(TITLE, *PARAS, *footer, END_MATTER))
    # counterexample: a credit between two paragraphs has no footer's links around it
    assert not looks_like_whole_page(blocks(TITLE, PARAS[0], "© 2025 Jane Doe", *PARAS[1:]))


def test_short_lines_after_an_article_without_a_legal_link_are_no_footer() -> None:
    # counterexample: a table or list closing an article (prices, places) is short lines too
    assert not looks_like_whole_page(
        blocks(TITLE, *PARAS, "$289 - $1,000+", "$400 - $2,000+", "$300 - $900+")
    )


def test_footer_words_inside_the_text_mark_nothing() -> None:
    # counterexample: "privacy" and "terms" in the article's own paragraphs, a skip link below them
    text = "Privacy advocates said the terms of use were changed without notice to the users."
    assert not looks_like_whole_page(blocks(TITLE, PARAS[0], text, "Skip to content", PARAS[1]))
    assert not looks_like_whole_page(blocks(TITLE, *PARAS, text))


def test_page_known_by_its_skip_link_and_footer_loses_them() -> None:
    text = "\n\n".join(["Skip to main content", "Example News", TITLE, *PARAS, "About", "Jobs", "Privacy"])
    result = clean(text + "\n")
    assert result.text == "\n\n".join(PARAS) + "\n"


def test_menus_and_footer_leave_and_the_article_stays() -> None:
    result = clean(page(TITLE, *PARAS))
    assert result.text == "\n\n".join(PARAS) + "\n"
    assert result.metadata.title == TITLE
    dropped = {r.text for r in result.removed if r.rule == "page_region"}
    assert set(HEADER) | set(FOOTER) <= dropped


def test_every_page_removal_says_which_feature_decided() -> None:
    result = clean(page(TITLE, *PARAS))
    reasons = [r.reason or "" for r in result.removed if r.rule == "page_region"]
    assert reasons and all("stopwords" in reason and "region" in reason for reason in reasons)


def test_short_subheading_between_paragraphs_stays() -> None:
    result = clean(page(TITLE, PARAS[0], "What comes next", PARAS[1], PARAS[2]))
    assert "What comes next" in result.text


def test_short_list_inside_the_article_stays() -> None:
    items = ["Sandbags at the school", "Pumps on Mill Street", "A new warning siren"]
    result = clean(page(TITLE, PARAS[0], *items, PARAS[1], PARAS[2]))
    for item in items:
        assert item in result.text


# Headlines of other articles: as rich in stopwords as prose, but none ends like a sentence.
ARCHIVE = [
    f"A look back at the {topic} of the town and what the council did about it"
    for topic in ("floods", "fires", "bridges", "schools", "budgets", "roads", "parks", "markets")
]


def test_a_list_of_headlines_below_the_article_is_no_part_of_it() -> None:
    # Eight headlines outweigh the four menu lines between them and the article, unless a line
    # that does not end like a sentence adds nothing to the region.
    result = clean(page(TITLE, *PARAS, "More", "Latest", "Opinion", "Video", *ARCHIVE))
    assert result.text == "\n\n".join(PARAS) + "\n"


def test_unended_lines_add_nothing_to_a_region() -> None:
    stoplist = frozenset({"a", "at", "the", "of", "and", "what", "did", "about", "it", "was"})
    headline = Block(0, ARCHIVE[0])
    sentence = Block(1, ARCHIVE[0] + " was.")
    assert line_score(headline, stoplist) == 0.0
    assert line_score(sentence, stoplist) > 0.0
    # counterexample: a paragraph cut off mid-way (long, no sentence end) keeps its weight
    cut_off = Block(2, " ".join([ARCHIVE[0], "and", ARCHIVE[1]]))
    assert line_score(cut_off, stoplist) > 0.0


# Two more paragraphs of the article, for the tests where it must outweigh what follows it.
MORE = [
    "The barriers will be built of steel and concrete, and the council said they would be tall "
    "enough to hold back a flood like the one that reached the market square in 2016.",
    "Opponents had argued that the money would be better spent on moving the homes most at risk, "
    "and two members of the council voted against the plan for that reason.",
]
# What a page can hold below its footer (a dialog, a notice): running text, but not the article's.
END_MATTER = (
    "Please be advised that as a visitor to any of the events we list, you may be photographed or "
    "recorded while you are there, and that the pictures may be used in our own publications."
)
NOTICE = "© 2025 Example Media. All rights reserved."


def test_the_region_ends_above_the_sites_footer() -> None:
    # The end matter's sentences outweigh the footer's links between it and the article; the
    # site's copyright notice among those links ends the region.
    footer = ["About us", "Contact", "Careers", NOTICE, "Privacy"]
    result = clean(page(TITLE, *PARAS, *MORE, *footer, END_MATTER))
    assert result.text == "\n\n".join([*PARAS, *MORE]) + "\n"
    dropped = {r.text: r.reason or "" for r in result.removed if r.rule == "page_region"}
    assert "below the site's footer" in dropped[END_MATTER]


def test_a_notice_inside_the_article_ends_no_region() -> None:
    # counterexample: a credit between paragraphs, without a footer's short lines around it
    result = clean(page(TITLE, *PARAS, "© 2025 Jane Doe", *MORE))
    assert result.text == "\n\n".join([*PARAS, *MORE]) + "\n"


def test_a_notice_above_much_of_the_text_ends_no_region() -> None:
    # counterexample: a notice among short lines (a gallery's credits) with nearly half of the
    # region's text below it is no footer that the article stands above
    result = clean(page(TITLE, *PARAS, "Maps", "Photos", NOTICE, "Video", *MORE))
    for paragraph in [*PARAS, *MORE]:
        assert paragraph in result.text


# Other articles' headlines, each over its teaser, cut off with an ellipsis.
TEASERS = [
    "How the town rebuilt its harbour wall after the storm of the century",
    "The harbour wall was rebuilt in a year by the people of the town, who paid...",
    "Why the old mill on the river is to become a museum at last",
    "The mill stood empty for forty years until a group of residents bought it and asked the council...",
    "What the new bus timetable means for the villages in the valley",
    "From the first of the month the buses to the valley will run every hour, and the last one…",
]


def test_teasers_cut_off_below_the_article_are_no_part_of_it() -> None:
    result = clean(page(TITLE, *PARAS, "Sign up", "Share", "More from the blog", *TEASERS))
    assert result.text == "\n\n".join(PARAS) + "\n"


# Other articles under a list's heading, each a headline, a date and a blurb of full sentences.
STORIES = [
    "How the Town Rebuilt Its Harbour Wall",
    "March 3, 2025 | Local News",
    "The harbour wall was rebuilt in a year by the people of the town, who raised the money themselves.",
    "The Old Mill Will Become a Museum",
    "February 20, 2025 | Culture",
    "The mill on the river stood empty for forty years, until a group of residents bought it last spring.",
]


def test_teasers_under_a_related_heading_below_the_article_are_no_part_of_it() -> None:
    # Their blurbs read as prose: the list's heading, which the rules take out, ends the region.
    result = clean(page(TITLE, *PARAS, *MORE, "More Stories", *STORIES))
    assert result.text == "\n\n".join([*PARAS, *MORE]) + "\n"
    dropped = {r.text: r.reason or "" for r in result.removed if r.rule == "page_region"}
    assert "below a list of other articles" in dropped[STORIES[2]]


def test_a_related_box_inside_the_article_ends_no_region() -> None:
    # counterexample: the article goes on below its own box of links, two paragraphs in a row
    box = ["Related Articles", "Flood Defences Fail in the North", "River Levels Rise Again"]
    last = "Work on the first section, by the old bridge, is to start as soon as the river is low."
    result = clean(page(TITLE, *PARAS, MORE[0], *box, MORE[1], last))
    assert result.text == "\n\n".join([*PARAS, *MORE, last]) + "\n"


def test_a_read_more_under_every_item_ends_no_region() -> None:
    # counterexample: a roundup whose items each end in a "Read More" link: a label, no heading
    items = [
        "A Planter Box in Two Hours",
        "A simple planter with solid sides that you can stain any colour to match the garden, "
        "and that holds a potted plant of any size.",
        "Read More",
        "A House Number Sign",
        "Upgrade a plain address plaque with some bold house numbers, cut in advance so that the "
        "project is a simple one to try on a weekend.",
        "Read More",
        "A Jewellery Organiser With a Shelf",
        "Display your jewellery and keep it in order with this simple wooden project, which takes "
        "only a few cuts and a drill to make.",
        "Read More",
    ]
    result = clean(page(TITLE, *PARAS, *MORE, *items))
    for line in items[1::3]:
        assert line in result.text


def test_a_paragraph_that_trails_off_inside_the_article_stays() -> None:
    # counterexample: an ellipsis only keeps a line from adding to a region, not from staying in one
    trailing = "The mayor said the barriers were only a beginning, and that the next step would be..."
    result = clean(page(TITLE, PARAS[0], trailing, *PARAS[1:]))
    assert result.text == "\n\n".join([PARAS[0], trailing, *PARAS[1:]]) + "\n"


def test_a_line_cut_off_scores_as_one_that_does_not_end() -> None:
    stoplist = frozenset({"a", "at", "the", "of", "and", "what", "did", "about", "it", "was", "by", "in"})
    ended = Block(0, "The harbour wall was rebuilt in a year by the people of the town, and it held.")
    assert line_score(ended, stoplist) > 0.0
    for ending in ("...", "…"):
        assert line_score(Block(1, ended.text[:-1] + ending), stoplist) == 0.0


def test_article_mode_leaves_a_page_alone() -> None:
    result = clean(page(TITLE, *PARAS), config=Config(mode="article"))
    assert not any(r.rule == "page_region" for r in result.removed)
    assert "Sitemap" in result.text


def test_page_mode_applies_without_a_header() -> None:
    # short lines below the text, but no legal link among them: no page's footer
    links = ["About us", "Contact", "Careers", "Newsroom"]
    text = "\n\n".join([*PARAS, *links]) + "\n"
    assert "Newsroom" in clean(text).text  # auto: an article container, the links left to rules
    assert "Newsroom" not in clean(text, config=Config(mode="page")).text


def test_article_cut_up_by_long_lists_is_not_cut_to_one_part() -> None:
    # A listicle: each entry's paragraph followed by a long list of short items. The densest
    # region is a single entry, under a third of the text's paragraphs: no article among chrome.
    fourth = (
        "The last barrier will stand at the harbour, where the river meets the sea and where the "
        "storms of the past two winters did the most damage."
    )
    items = [
        f"* {name}" for name in ("Steel", "Concrete", "Sand", "Clay", "Stone", "Timber", "Glass", "Iron")
    ]
    text = page(TITLE, PARAS[0], *items, PARAS[1], *items, PARAS[2], *items, fourth)
    result = clean(text)
    for paragraph in [*PARAS, fourth]:
        assert paragraph in result.text
    assert not any(r.rule == "page_region" for r in result.removed)


def test_region_holding_most_paragraphs_is_still_cut_to() -> None:
    # counterexample: one list inside the article, the paragraphs all in one region
    items = [f"* {name}" for name in ("Steel", "Concrete", "Sand", "Clay")]
    result = clean(page(TITLE, PARAS[0], *items, PARAS[1], PARAS[2]))
    assert result.text.startswith(PARAS[0])
    assert any(r.rule == "page_region" and r.text == "Sitemap" for r in result.removed)


def test_a_page_stays_a_page_after_its_header_and_footer_left() -> None:
    # The first region reaches over a menu to the footer's blurb, bridged by a newsletter prompt;
    # once the rules take the prompt out, the region is searched again. By then the header and
    # footer that told a page are gone: auto mode must still read the text as a page, as page
    # mode does.
    prompt = (
        "Sign up for our free newsletter to get the latest news from the city and the region "
        "delivered to your inbox every morning of the week."
    )
    about = "Example News is an independent paper owned by its readers and published in the city since 1901."
    towns = ["Springfield", "Riverside", "Oak Park", "Hill Valley", "Fairview"]
    text = page(TITLE, *PARAS, *towns, prompt, about)
    assert clean(text).text == "\n\n".join(PARAS) + "\n"
    assert clean(text).text == clean(text, config=Config(mode="page")).text


def test_text_in_no_known_language_is_left_alone() -> None:
    gibberish = " ".join(["zxq vlorp gnarf"] * 8) + "."
    result = clean(page(gibberish, gibberish))
    assert not any(r.rule == "page_region" for r in result.removed)


@pytest.mark.parametrize(
    ("scores", "span"),
    [
        ([-1.0, 5.0, -1.0], (1, 1)),
        ([-3.0, 4.0, -1.0, 4.0, -9.0], (1, 3)),  # a small dip between two good lines is bridged
        ([-1.0, -2.0], None),
        ([2.0, -5.0, 2.0], (0, 0)),  # the first of equal regions
    ],
    ids=["one", "bridged", "none", "first-of-equals"],
)
def test_densest_region(scores: list[float], span: tuple[int, int] | None) -> None:
    assert densest_region(scores) == span


def test_unknown_mode_is_a_config_error() -> None:
    from cleaner import ConfigError

    with pytest.raises(ConfigError, match="mode"):
        Config.from_dict({"mode": "whole"})


def test_cli_mode_flag(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cleaner.cli import app

    folder = tmp_path
    (folder / "in").mkdir()
    (folder / "in" / "p.txt").write_text("\n\n".join([*PARAS, *FOOTER]) + "\n", encoding="utf-8")
    runner = CliRunner()
    args = ["clean", str(folder / "in"), "-o", str(folder / "out"), "-q", "--mode", "page"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "Sitemap" not in (folder / "out" / "p.txt").read_text(encoding="utf-8")
    refused = runner.invoke(app, ["clean", str(folder / "in"), "-o", str(folder / "o2"), "--mode", "whole"])
    assert refused.exit_code == 2

"""The heuristics: repeated captions and buttons, the headline, the outlet line; and what they leave."""

from __future__ import annotations

import pytest

from cleaner import clean

PARA = (
    "The council voted on Tuesday to fund the new barriers along the river, ending a debate "
    "that had run for more than three years."
)
PARA2 = (
    "Construction is expected to begin in the spring and to take about eighteen months, "
    "according to the city's engineering department."
)


def test_caption_printed_twice_goes_to_metadata_once() -> None:
    caption = "Workers repair the old bridge in the river district on Monday."
    result = clean(f"{PARA}\n\n{caption}\n\n{caption}\n\n{PARA2}\n")
    assert result.text == f"{PARA}\n\n{PARA2}\n"
    assert [c.text for c in result.metadata.captions] == [caption]


def test_caption_kept_in_text_when_asked() -> None:
    from cleaner import Config

    caption = "Workers repair the old bridge in the river district on Monday."
    result = clean(f"{PARA}\n\n{caption}\n\n{caption}\n\n{PARA2}\n", config=Config(keep_captions=True))
    assert result.text == f"{PARA}\n\n{caption}\n\n{PARA2}\n"


@pytest.mark.parametrize(
    "line",
    [
        "* Automatic thread cutter on every model",  # a list item
        "2. Compare the plans side by side",
        "What is a mesh network, exactly?",  # a question (an FAQ's index and its answer)
        "Different Types of Garden Cameras",  # a heading without a sentence's end
        # three sentences: a paragraph printed twice, not a picture's description
        "The plan passed. The mayor signed it on Friday. Work starts in May next year.",
    ],
)
def test_line_printed_twice_that_is_no_caption_keeps_one_copy(line: str) -> None:
    result = clean(f"{PARA}\n\n{line}\n\n{line}\n\n{PARA2}\n")
    assert result.text == f"{PARA}\n\n{line}\n\n{PARA2}\n"
    assert result.metadata.captions == []


def test_passage_printed_twice_keeps_its_first_copy() -> None:
    # a slider or a mobile copy repeats a heading and its line together: A B A B
    heading, line = "Lift Off: Launching a New Beer", "Branding a beer on a mission to help a local museum."
    result = clean(f"{PARA}\n\n{heading}\n\n{line}\n\n{heading}\n\n{line}\n\n{PARA2}\n")
    assert result.text == f"{PARA}\n\n{heading}\n\n{line}\n\n{PARA2}\n"
    assert result.metadata.captions == []


def test_caption_with_credit_between_its_copies_is_a_caption() -> None:
    caption = "A man walks past a closed shop in Kabul, Afghanistan, August 9, 2021."
    result = clean(f"{PARA}\n\n{caption}\n\nPhoto: Reuters\n\n{caption}\n\n{PARA2}\n")
    assert result.text == f"{PARA}\n\n{PARA2}\n"
    assert [c.text for c in result.metadata.captions] == [caption]


def test_far_repeat_of_a_long_line_keeps_the_first() -> None:
    promo = "Subscribe to the print edition and get the weekend magazine delivered"
    other = "The second model is lighter and cheaper, but its battery runs out after only six hours."
    other2 = "Reviewers liked the screen, which stays readable even in bright afternoon sunlight."
    text = f"{PARA}\n\n{promo}\n\n{PARA2}\n\n{other}\n\n{other2}\n\n{promo}\n"
    assert clean(text).text.count(promo) == 1


def test_repeated_short_subheading_stays() -> None:
    other = "The second model is lighter and cheaper, but its battery runs out after only six hours."
    other2 = "Reviewers liked the screen, which stays readable even in bright afternoon sunlight."
    text = f"Pros\n\n{PARA}\n\nCons\n\n{PARA2}\n\nPros\n\n{other}\n\nCons\n\n{other2}\n"
    assert clean(text).text == text


def test_repeated_button_leaves_every_copy() -> None:
    button = "Check their rates and availability"
    text = f"{PARA}\n\n{button}\n\n{PARA2}\n\n{button}\n"
    assert button not in clean(text).text


def test_single_imperative_heading_stays() -> None:
    text = f"{PARA}\n\nExplore the old town\n\n{PARA2}\n"
    assert "Explore the old town" in clean(text).text


def test_headline_above_the_body_becomes_title() -> None:
    result = clean(f"Port workers strike over automation plans\n\n{PARA}\n")
    assert result.metadata.title == "Port workers strike over automation plans"
    assert result.text == f"{PARA}\n"


def test_headline_needs_the_body_right_under_it() -> None:
    text = f"Port workers strike over automation plans\n\nA standfirst without a full stop here\n\n{PARA}\n"
    result = clean(text)
    assert result.metadata.title is None
    assert result.text.startswith("Port workers strike")


def test_outlet_line_under_headline_becomes_source() -> None:
    result = clean(f"Port workers strike over automation plans\nCGTN\n\n{PARA}\n")
    assert result.metadata.source == "CGTN"


def test_person_name_under_headline_becomes_author() -> None:
    result = clean(f"Port workers strike over automation plans\nMaria Keller\n\n{PARA}\n")
    assert result.metadata.author == "Maria Keller"
    assert result.metadata.source is None


def test_short_subheading_inside_the_body_stays() -> None:
    text = f"{PARA}\n\nWhat happens next\n\n{PARA2}\n"
    assert clean(text).text == text


def test_trace_names_a_rule_for_every_block_that_left() -> None:
    result = clean(f"Download\nPort workers strike over automation plans\nCGTN\n\n{PARA}\n\nSearch Trends\n")
    left = {r.block for r in result.removed}
    assert left == {0, 1, 2, 4}
    assert all(r.rule for r in result.removed)


HOOK = "Looking for a sleeping bag that packs small? This guide covers the ones we tested this year."
SHORT_CTA = "Ready to plan your trip? Contact us today for a free consultation."
LONG_CLOSING = (
    "If you have questions about what else you could be doing to keep your crews safe on the "
    "river this winter, the council's safety office will walk you through the new rules, and "
    "you can contact us at any time."
)


def test_closing_call_to_action_leaves_only_at_the_end() -> None:
    result = clean(f"{HOOK}\n\n{PARA}\n\n{PARA2}\n\n{SHORT_CTA}\n")
    # an article may open with a question to its reader: only the closing line is a call to action
    assert result.text == f"{HOOK}\n\n{PARA}\n\n{PARA2}\n"
    assert [r.rule for r in result.removed] == ["closing_call_to_action"]


def test_long_closing_paragraph_that_mentions_contact_stays() -> None:
    text = f"{PARA}\n\n{PARA2}\n\n{LONG_CLOSING}\n"
    assert clean(text).text == text


COMMENT = "I tried this with my own fern last spring and it worked well, though it took a month to settle."


def test_comment_thread_leaves_with_everything_under_it() -> None:
    thread = f"7 thoughts on “How the Council Fixed the River Barriers”\n\nAnna K.\n\n{COMMENT}\n\nReply"
    result = clean(f"{PARA}\n\n{PARA2}\n\n{thread}\n")
    assert result.text == f"{PARA}\n\n{PARA2}\n"
    assert {r.rule for r in result.removed} == {"comment_thread"}
    assert len(result.removed) == 4


def test_bare_count_over_commenter_lines_leaves_with_the_thread() -> None:
    thread = f"36 Comments\n\n1. Anna Lee says:\n\n{COMMENT}\n\nReply\n\nAbout us\n\nCareers"
    result = clean(f"{PARA}\n\n{PARA2}\n\n{thread}\n")
    assert result.text == f"{PARA}\n\n{PARA2}\n"
    assert {r.rule for r in result.removed} == {"comment_count_thread"}


def test_bare_count_over_a_dated_comment_leaves_with_the_thread() -> None:
    # the thread's first chrome is a comment's "Reply", four lines down: its date, the
    # commenter's name and the comment stand between
    thread = f"Comments\n\nJuly 25, 2019\n\nRob and Ann\n\n{COMMENT}\n\nReply\n\nAbout us"
    result = clean(f"{PARA}\n\n{PARA2}\n\n{thread}\n")
    assert result.text == f"{PARA}\n\n{PARA2}\n"
    assert {r.rule for r in result.removed} == {"comment_count_thread"}


def test_bare_count_in_a_share_bar_takes_nothing() -> None:
    # counterexample: the same count between a deck and the article, with no thread under it;
    # the count leaves as a widget word and the article stays whole
    text = f"{PARA}\n\n124 Comments\n\nShare this\n\n{PARA2}\n\n{LONG_CLOSING}\n"
    result = clean(text)
    assert PARA2 in result.text and LONG_CLOSING in result.text
    assert "comment_count_thread" not in {r.rule for r in result.removed}


def test_commenters_with_timestamps_take_the_thread_without_a_heading() -> None:
    comment2 = "Great list, though I would have put the harbour walk first; it is the best part of the town."
    thread = (
        f"1. copywriting4u says:\n\nMay 26, 2014 at 9:47 pm\n\n{COMMENT}\n\n"
        f"2. Anna Lee says:\n\nJanuary 7, 2016 at 10:31 am\n\n{comment2}"
    )
    result = clean(f"{PARA}\n\n{PARA2}\n\n{thread}\n")
    assert result.text == f"{PARA}\n\n{PARA2}\n"
    assert {r.rule for r in result.removed} == {"commenter_thread"}


def test_a_line_saying_who_says_takes_nothing_without_a_timestamp() -> None:
    # counterexample: an interview's speaker line followed by the answer, not a thread
    answer = "We will open the bridge in May, and the work on the barriers will start in the spring."
    text = f"{PARA}\n\nThe Mayor says:\n\n{answer}\n\n{PARA2}\n"
    result = clean(text)
    assert answer in result.text and PARA2 in result.text
    assert "commenter_thread" not in {r.rule for r in result.removed}


def test_comment_count_above_the_body_takes_nothing() -> None:
    # a post's meta line under its title: the article follows it, not a thread
    text = f"0 Comments on “How the Council Fixed the River Barriers”\n\n{PARA}\n\n{PARA2}\n"
    assert PARA in clean(text).text and PARA2 in clean(text).text

"""Properties of cleaning that hold for any input (hypothesis)."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config
from cleaner.normalize import normalize_text

CLEANER = Cleaner()
WORD = regex.compile(r"\w+")

# Residue-shaped lines mixed with arbitrary text, so that rules and heuristics actually fire.
RESIDUE_LINES = [
    "Download",
    "SHARE THIS ARTICLE",
    "Read more:",
    "News / Military / Afghanistan",
    "Press TV’s website can also be accessed at the following alternate addresses:",
    "www.presstv.co.uk",
    "(With input from agencies)",
    "A man walks past a closed shop in Kabul, Afghanistan, August 9, 2021. /AP",
    "By Jane Doe",
    "Aug 10, 2021",
    "Advertisement",
    "Chart of the Day: U.S. changing Afghanistan policy",
]
lines = st.one_of(st.text(max_size=120), st.sampled_from(RESIDUE_LINES))
documents = st.lists(lines, max_size=25).map("\n".join)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text())
def test_cleaning_never_raises(text: str) -> None:
    CLEANER.clean(text)


@FAST
@given(documents)
# one repair exposing work for another: a soft hyphen hiding mojibake, a zero-width space
# inside an entity, a control character inside mojibake
@example("\xad\u00ce\x80")
@example("&\u200bamp;")
@example("\u00c3\x01\u00a9")
@example("0\xa0\u00c2\x80")  # a no-break space beside mojibake
def test_cleaning_is_idempotent(text: str) -> None:
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once


@FAST
@given(st.text())
@example("a\x1cb\u3000c\xa0d\u2028e\x85f\tg  h")  # whitespace that `str.split` knows, of every kind
def test_normalized_lines_are_single_spaced(text: str) -> None:
    # what segmentation counts a line's words by (its spaces and one)
    for line in normalize_text(text, Config()).split("\n"):
        line = line.strip()
        if line:
            assert line.count(" ") + 1 == len(line.split())


@FAST
@given(documents)
def test_output_holds_no_new_word(text: str) -> None:
    source_words = set(WORD.findall(normalize_text(text, Config()).casefold()))
    output_words = set(WORD.findall(CLEANER.clean(text).text.casefold()))
    assert output_words <= source_words


VOCABULARY = [
    "the",
    "council",
    "said",
    "river",
    "bridge",
    "budget",
    "would",
    "open",
    "after",
    "months",
    "of",
    "work",
    "and",
    "residents",
    "asked",
    "why",
    "repairs",
    "took",
    "longer",
    "than",
    "planned",
    "while",
    "engineers",
    "found",
    "cracks",
    "in",
    "older",
    "steel",
    "beams",
]
sentence = st.lists(st.sampled_from(VOCABULARY), min_size=14, max_size=40).map(
    lambda words: " ".join(words).capitalize() + "."
)


@FAST
@given(st.lists(sentence, min_size=1, max_size=8, unique=True))
def test_clean_article_passes_through_unchanged(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs) + "\n"
    result = CLEANER.clean(text)
    assert result.text == text
    assert result.removed == []

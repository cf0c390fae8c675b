"""Choosing a stoplist by a text's own words (stoplists.py)."""

from __future__ import annotations

import gc

from cleaner.stoplists import Stoplists


def test_language_is_chosen_by_the_stoplist_that_covers_most_words() -> None:
    german = "Der Rat hat am Dienstag beschlossen, dass die neuen Deiche an dem Fluss gebaut werden und die"
    english = "The council voted on Tuesday to build the new levees, and the work will start in May."
    stoplists = Stoplists()
    german_choice = stoplists.choose(german.lower().split())
    english_choice = stoplists.choose(english.lower().replace(",", "").split())
    assert german_choice is not None and german_choice[0] == "German"
    assert english_choice is not None and english_choice[0] == "English"
    # the lists are kept out of the garbage collector's walks (see Stoplists._lists)
    assert "the" in english_choice[1] and not gc.is_tracked(english_choice[1])


def test_no_stoplist_is_chosen_for_words_none_of_them_lists() -> None:
    assert Stoplists().choose(["zxq", "vlorp", "gnarf", "blix"]) is None
    assert Stoplists().choose([]) is None

"""Normalization: the repairs, and the order they need."""

from __future__ import annotations

import pytest

from cleaner import Config
from cleaner.normalize import normalize_text

CONFIG = Config()


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("caf\u00c3\u00a9 au lait", "café au lait"),  # UTF-8 read as Latin-1
        ("Tom &amp; Jerry&#39;s", "Tom & Jerry's"),
        ("co\u00adop\u200beration", "cooperation"),  # soft hyphen, zero-width space
        ("a\u00a0b\u2009c  d", "a b c d"),  # no-break, thin and double spaces
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        # every line break, each alone in a text (the substitution runs only where one is found)
        ("one\u2028two", "one\ntwo"),
        ("one\u2029two", "one\ntwo"),
        ("one\x85two", "one\ntwo"),
        ("one\x0btwo", "one\ntwo"),
        ("one\x0ctwo", "one\ntwo"),
        # a tab; odd spaces beside other characters that are not ASCII
        ("a\tb", "a b"),
        ("caf\u00e9\u3000au\u202flait", "café au lait"),
        ("e\u0301", "\u00e9"),  # NFC
        ("“quoted” — dash…", "“quoted” — dash…"),  # typography stays
        # the soft hyphen is a byte of this mojibake (U+2B50, a star): it is repaired first
        ("\u00e2\u00ad\u0090 rating", "\u2b50 rating"),
        # a soft hyphen hides mojibake until it is gone: the repairs run again
        ("\u00ad\u00ce\u0080", "\u0380"),
        # a zero-width space inside an entity: the entity is unescaped once it is whole
        ("&\u200bamp;", "&"),
        # an entity that decodes to a zero-width space, which then goes
        ("a&#8203;b", "ab"),
    ],
)
def test_normalization(raw: str, normalized: str) -> None:
    assert normalize_text(raw, CONFIG) == normalized


@pytest.mark.parametrize(
    "raw", ["\u00ad\u00ce\u0080", "&\u200bamp;", "\u00c3\u0001\u00a9", "\u00e2\u00ad\u0090", "x&amp;amp;y"]
)
def test_normalization_is_idempotent(raw: str) -> None:
    once = normalize_text(raw, CONFIG)
    assert normalize_text(once, CONFIG) == once

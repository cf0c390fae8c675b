"""Unicode repair and normalization: cheap checks first, ftfy only on the lines that need it."""

from __future__ import annotations

import re  # the standard module: faster than `regex` for plain character classes
import unicodedata

import ftfy
import regex
from ftfy.badness import is_bad

from .config import Config

__all__ = ["normalize_text"]

# ftfy is the repair; everything typographic is left alone (curly quotes, dashes, ligatures,
# full-width forms), because readers and language models want the text as the site printed it.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # done below, only where an entity is present
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,  # done below for the whole text
    normalization=None,  # NFC is applied once, below
    explain=False,
)

_LINE_BREAK_CHARACTERS = "\r\u2028\u2029\x85\x0b\x0c"
_LINE_BREAKS = regex.compile(f"\r\n?|[{_LINE_BREAK_CHARACTERS}]")  # a CRLF is one break

# An entity the way sites leak them: `&amp;`, `&#39;`, `&#x2019;`, `&nbsp;`.
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Characters that appear when UTF-8 was decoded as Latin-1 or Windows-1252 (Ã©, â€™, Â ...),
# C1 controls, and the replacement character. Text without any of them has no mojibake that
# ftfy could fix, so ftfy's own (slower) badness test runs only on lines that have one.
_MOJIBAKE_HINTS = "\x80-\x9f\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2\u00ef\u00f0\ufffd"
_MOJIBAKE_HINT = re.compile(f"[{_MOJIBAKE_HINTS}]")

# Control characters other than newline and tab, which a scraper leaves from broken markup.
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
_CONTROL = re.compile(f"[{_CONTROLS}]")

# Every space that is not a plain space (no-break, thin, em, ideographic, tab ...) becomes one.
_ODD_SPACE_CHARACTERS = "\t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE_CHARACTERS}]")
_SPACE_RUN = re.compile(" {2,}")

# Zero-width characters and the soft hyphen carry nothing a reader sees. A zero-width joiner
# between two pictographs is kept, because it is what makes a family or flag emoji one symbol.
_ZERO_WIDTHS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_ANY_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTHS}]")
_ZERO_WIDTH = regex.compile(
    r"[\u200b\u200c\u2060\ufeff\u00ad\u180e]"
    r"|(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})"
)

# What the three repairs above act on, in one class: one scan tells which of them a text needs
# (most need none), where a scan each cost three.
_REPAIRABLE = re.compile(f"[{_CONTROLS}{_MOJIBAKE_HINTS}{_ZERO_WIDTHS}]")


def _fix_mojibake(text: str) -> str:
    lines = text.split("\n")
    repaired = False
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) and is_bad(line):
            # a repaired line may hold a line separator that was mojibake a moment ago
            lines[i] = _unify_line_breaks(ftfy.fix_text(line, _FTFY))
            repaired = True
    return "\n".join(lines) if repaired else text


def _unescape_entities(text: str) -> str:
    if "&" not in text or not _ENTITY.search(text):
        return text
    return _unify_line_breaks(ftfy.fixes.unescape_html(text))


# Each repair can expose work for another: a soft hyphen inside a mojibake sequence hides it
# until the hyphen is gone, an entity can decode to a zero-width space, a repaired line can
# hold an entity. So the repairs run again while they change something; real text needs one
# round, or two, and the bound only stops a pathological input from looping.
_MAX_REPAIR_ROUNDS = 4


def _repair_round(text: str, config: Config) -> str:
    if config.unescape_html:  # before the spaces are folded, so that `&nbsp;` is folded too
        text = _unescape_entities(text)
    found = set(_REPAIRABLE.findall(text))
    if found:
        text = _repair_characters(text, found, config)
    if text.isascii():
        return text
    if config.normalize_nfc and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _repair_characters(text: str, found: set[str], config: Config) -> str:
    """The control, mojibake and zero-width repairs, each run only if `found` (the characters of
    the text that `_REPAIRABLE` matched) holds one it acts on."""
    if any(_CONTROL.match(c) for c in found):
        text = _CONTROL.sub("", text)
    # before the soft hyphens go: U+00AD is a byte of some mojibake (â\xad\x90)
    if config.fix_mojibake and any(_MOJIBAKE_HINT.match(c) for c in found):
        repaired = _fix_mojibake(text)
        if repaired != text:  # the repaired lines can hold zero-width characters of their own
            text, found = repaired, set(_REPAIRABLE.findall(repaired))
    if config.remove_zero_width and any(_ANY_ZERO_WIDTH.match(c) for c in found):
        text = _ZERO_WIDTH.sub("", text)
    return text


def normalize_text(text: str, config: Config) -> str:
    """Repair and normalize a document's text; each line stripped, runs of spaces folded."""
    text = _unify_line_breaks(text)
    for _ in range(_MAX_REPAIR_ROUNDS):
        repaired = _repair_round(text, config)
        if config.normalize_spaces:
            # in the loop, because a no-break space beside mojibake can hide it from ftfy until
            # it is a plain space ("0\xa0Â\x80"); the repairs come first in each round because a
            # no-break space can also be a byte of mojibake ("Ã\xa0" is "à")
            repaired = _fold_spaces(repaired)
        if repaired == text:
            break
        text = repaired
    return text


def _unify_line_breaks(text: str) -> str:
    """Every line break as a newline.

    `in` finds one character several times faster than a pattern scans for any of a set (and a
    string too narrow to hold it answers at once); most texts hold none of these, so the
    substitution runs only where one is found. `_fold_spaces` does the same.
    """
    if any(character in text for character in _LINE_BREAK_CHARACTERS):
        return _LINE_BREAKS.sub("\n", text)
    return text


def _fold_spaces(text: str) -> str:
    if any(character in text for character in _ODD_SPACE_CHARACTERS):
        text = _ODD_SPACES.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text

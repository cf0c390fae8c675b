"""Quality scores exactly as ../shared/data/README.md defines them (WCXB and ScrapingHub style)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

_WORD = regex.compile(r"\w+")
_SPACE = regex.compile(r"\s+")


def tokens(text: str) -> list[str]:
    """Lowercased `\\w+` tokens, the unit of every score here."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def word_prf(predicted: str, gold: str) -> PRF:
    """WCXB's word P/R/F1: multiset overlap of lowercased tokens.

    Empty gold scores 1 when the output is empty too, else 0; an empty output scores 0.
    """
    gold_tokens = Counter(tokens(gold))
    pred_tokens = Counter(tokens(predicted))
    if not gold_tokens:
        score = 1.0 if not pred_tokens else 0.0
        return PRF(score, score, score)
    if not pred_tokens:
        return PRF(0.0, 0.0, 0.0)
    overlap = sum((gold_tokens & pred_tokens).values())
    p = overlap / sum(pred_tokens.values())
    r = overlap / sum(gold_tokens.values())
    return PRF(p, r, _f1(p, r))


def _shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)  # case kept, as ScrapingHub's benchmark does
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_pr(predicted: str, gold: str) -> tuple[float, float]:
    """Per-document shingle precision and recall (4-grams of `\\w+` tokens, case kept)."""
    gold_sh = _shingles(gold)
    pred_sh = _shingles(predicted)
    if not gold_sh and not pred_sh:
        return 1.0, 1.0
    if not pred_sh:
        # ScrapingHub's convention: an empty output makes no false positive (precision 1).
        return 1.0, 0.0
    if not gold_sh:
        return 0.0, 0.0
    overlap = sum((gold_sh & pred_sh).values())
    return overlap / sum(pred_sh.values()), overlap / sum(gold_sh.values())


def shingle_f1(pairs: Iterable[tuple[float, float]]) -> float:
    """F1 of the mean precision and the mean recall over documents."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    mean_p = sum(p for p, _ in pairs) / len(pairs)
    mean_r = sum(r for _, r in pairs) / len(pairs)
    return _f1(mean_p, mean_r)


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def snippet_hits(predicted: str, snippets: Sequence[str]) -> tuple[int, int]:
    """How many snippets the output holds after folding whitespace and case, and how many there are."""
    folded = _fold(predicted)
    return sum(1 for s in snippets if _fold(s) in folded), len(snippets)


def snippet_rate(predicted: str, snippets: Sequence[str]) -> float | None:
    """Share of snippets found in the output after folding whitespace and case; None if none."""
    if not snippets:
        return None
    found, total = snippet_hits(predicted, snippets)
    return found / total


class TextIndex:
    """A text's token sequence, indexed for the line-standing test."""

    def __init__(self, text: str) -> None:
        toks = tokens(text)
        self.trigrams = {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}
        self.short_grams = {tuple(toks[i : i + n]) for n in (1, 2, 3) for i in range(len(toks) - n + 1)}

    def stands(self, line_tokens: Sequence[str]) -> bool:
        """A line of 4+ tokens stands when half its trigrams occur; a shorter one when whole."""
        if len(line_tokens) >= 4:
            grams = [tuple(line_tokens[i : i + 3]) for i in range(len(line_tokens) - 2)]
            hits = sum(1 for g in grams if g in self.trigrams)
            return hits * 2 >= len(grams)
        return tuple(line_tokens) in self.short_grams


@dataclass(frozen=True)
class LineCounts:
    """Tokens of residue and content lines in one input, and how many of each the output removed or kept."""

    residue: int
    residue_removed: int
    content: int
    content_kept: int


@dataclass(frozen=True)
class LineScore:
    residue_removed: float | None
    content_kept: float | None


def line_counts(source: str, predicted: str, gold: str | TextIndex) -> LineCounts:
    """Residue and content tokens over the input's non-empty lines, and those removed or kept.
    (`gold` indexed already, for a caller that scores several outputs against one gold.)"""
    gold_index = gold if isinstance(gold, TextIndex) else TextIndex(gold)
    out_index = TextIndex(predicted)
    residue = residue_gone = content = content_kept = 0
    for line in source.splitlines():
        line_tokens = tokens(line)
        if not line_tokens:
            continue
        weight = len(line_tokens)
        kept = out_index.stands(line_tokens)
        if gold_index.stands(line_tokens):
            content += weight
            content_kept += weight if kept else 0
        else:
            residue += weight
            residue_gone += 0 if kept else weight
    return LineCounts(residue, residue_gone, content, content_kept)


def line_score(source: str, predicted: str, gold: str) -> LineScore:
    """Residue removed and content kept, over the input's non-empty lines, weighted by tokens."""
    counts = line_counts(source, predicted, gold)
    return LineScore(
        counts.residue_removed / counts.residue if counts.residue else None,
        counts.content_kept / counts.content if counts.content else None,
    )


def mean(values: Iterable[float | None]) -> float:
    """Macro mean over the documents where the score is defined."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else float("nan")


def pooled(parts: Iterable[tuple[int, int]]) -> float:
    """Ratio of the summed numerators to the summed denominators over documents (micro)."""
    parts = list(parts)
    total = sum(d for _, d in parts)
    return sum(n for n, _ in parts) / total if total else float("nan")

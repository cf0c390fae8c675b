"""How far a line-by-line reading can go on the text inputs: oracles that read the gold.

Each oracle removes whole input lines and nothing else, knowing which lines are residue (the
test of ../shared/data/README.md: a line is content when it stands in the gold). Their outputs
are scored by the same `line_counts` as `quality.py`, so they show what the residue-removed
targets ask of a cleaner, beside what it does:

- *residue under N words*: removes every residue line of fewer than N words, keeps every other
  line. What a perfect judge of short lines (menus, captions, buttons, headings) would reach.
- *outside the gold's span*: removes every line above the first and below the last line of
  LONG_LINE_WORDS or more words that stands in the gold. What a perfect finder of where the
  article starts and ends would reach.
- both together.

What none of them removes is residue of sentence length inside the article (an intro, an FAQ,
a product pitch the annotators left out), and, for the first, below or above it: lines that
look like the article's own to any feature of a line.

    python benchmarks/bounds.py [--data DIR] [--inputs text-body,text-page]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import wcxb
from scoring import LineCounts, TextIndex, line_counts, mean, pooled, tokens

# A line of this many words that stands in the gold marks the article's span; shorter content
# lines ("Share", "News") stand in almost any gold by their words alone.
LONG_LINE_WORDS = 10
SHORT_LINE_LIMITS = (5, 10, 25)

Oracle = Callable[[list[str], list[bool]], list[bool]]  # lines, residue flags -> kept flags


def residue_under(words: int) -> Oracle:
    """The oracle that removes every residue line of fewer than `words` words, and no other."""

    def keep(lines: list[str], residue: list[bool]) -> list[bool]:
        return [not (r and len(tokens(line)) < words) for line, r in zip(lines, residue, strict=True)]

    return keep


def within_gold_span(lines: list[str], residue: list[bool]) -> list[bool]:
    """Keeps the lines from the first to the last long content line (all, on a page without one)."""
    long_content = [
        i
        for i, (line, r) in enumerate(zip(lines, residue, strict=True))
        if not r and len(tokens(line)) >= LONG_LINE_WORDS
    ]
    if not long_content:
        return [True] * len(lines)
    first, last = long_content[0], long_content[-1]
    return [first <= i <= last for i in range(len(lines))]


def both(words: int) -> Oracle:
    """The gold's span, and within it no residue line of fewer than `words` words."""
    short = residue_under(words)

    def keep(lines: list[str], residue: list[bool]) -> list[bool]:
        return [a and b for a, b in zip(short(lines, residue), within_gold_span(lines, residue), strict=True)]

    return keep


ORACLES: dict[str, Oracle] = {
    **{f"residue under {n} words": residue_under(n) for n in SHORT_LINE_LIMITS},
    "outside the gold's span": within_gold_span,
    **{f"outside the span + residue under {n} words": both(n) for n in SHORT_LINE_LIMITS},
}


def oracle_counts(source: str, gold: str) -> dict[str, LineCounts]:
    """Each oracle's counts on one page."""
    lines = [line for line in source.splitlines() if tokens(line)]
    gold_index = TextIndex(gold)
    residue = [not gold_index.stands(tokens(line)) for line in lines]
    counts = {}
    for name, oracle in ORACLES.items():
        output = "\n".join(line for line, kept in zip(lines, oracle(lines, residue), strict=True) if kept)
        counts[name] = line_counts(source, output, gold_index)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    wcxb.add_data_argument(parser)
    parser.add_argument("--inputs", default="text-body,text-page", help="comma-separated text input kinds")
    args = parser.parse_args()
    gold = wcxb.load_gold(args.data)
    print("| input | oracle | residue removed | content kept | per page |")
    print("| --- | --- | --- | --- | --- |")
    for kind in args.inputs.split(","):
        by_page = [
            oracle_counts(source, g.main_content) for g, source in wcxb.load_inputs(args.data, kind, gold)
        ]
        for name in ORACLES:
            counts = [page[name] for page in by_page]
            residue = pooled((c.residue_removed, c.residue) for c in counts)
            content = pooled((c.content_kept, c.content) for c in counts)
            per_page = mean(c.residue_removed / c.residue if c.residue else None for c in counts)
            print(f"| {kind} | {name} | {residue:.3f} | {content:.3f} | {per_page:.3f} |")
    print()
    print(wcxb.CREDIT)


if __name__ == "__main__":
    main()

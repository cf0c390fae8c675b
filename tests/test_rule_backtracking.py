"""Shipped patterns on adversarial short lines: none backtracks for long.

The engine runs a shipped rule's pattern without the timeout on a block of at most
`UNTIMED_MAX_CHARS` characters (the timeout's clock costs more than most matches), so every
shipped pattern must be quick there whatever the line. The lines below are the kinds that make
a pattern backtrack: its own examples and gate words repeated, cut short, or run into a long
word or a run of punctuation that almost fits. On these, the slowest shipped pattern takes
about 10 ms at 200 characters; a pattern that failed here would have to be fixed (possessive
quantifiers, atomic groups, bounded repeats) before it could ship.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cleaner import Config
from cleaner.engine import UNTIMED_MAX_CHARS
from cleaner.rules.model import Rule
from cleaner.rules.registry import builtin_packs

SHIPPED = [rule for pack in builtin_packs().values() for rule in pack.rules]
# Characters and short runs that chrome patterns are built around.
_SEEDS = ("a", "A ", "Aa ", "a a ", "1", "1 ", ". ", ".", "-", "- ", "/ ", "| ", "» ", "# ", "© ", "@", ": ")


def adversarial_lines(rule: Rule, length: int) -> Iterator[str]:
    """Lines of at most `length` characters that come close to the pattern and then fail."""
    seeds = [*rule.examples, *rule.counterexamples, *rule.starts, *rule.requires, *_SEEDS]
    for seed in filter(None, seeds):
        half = seed[: max(1, len(seed) // 2)]
        for line in (
            f"{seed} " * (length // (len(seed) + 1) + 1),
            seed * (length // len(seed) + 1),
            f"{seed} {'x' * length}",
            seed[:-1] + half * (length // len(half)),
            f"{seed}{'a' * length}!",
        ):
            yield line[:length]


@pytest.mark.parametrize("rule", SHIPPED, ids=[f"{r.pack}:{r.id}" for r in SHIPPED])
def test_a_shipped_pattern_is_quick_on_any_short_line(rule: Rule) -> None:
    timeout = Config().regex_timeout
    for line in adversarial_lines(rule, UNTIMED_MAX_CHARS):
        try:
            rule.compiled.fullmatch(line, timeout=timeout)
        except TimeoutError:  # pragma: no cover - the failure this test is for
            pytest.fail(f"{rule.id} backtracks for over {timeout}s on {line[:60]!r}...")

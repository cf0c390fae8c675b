"""A rule checked the way the project checks its own packs, for a user's rule files too.

Each rule carries what it is for: its examples must pass its gate and match its pattern as the
engine applies it, and its counterexamples must not. A pattern must also not backtrack for
long on a short line: the engine gives up on a pattern after `Config.regex_timeout`, and a
rule that gives up decides nothing about that line. Adversarial lines find such patterns: the
rule's own examples and gate words repeated, cut short, or run into a long word or a run of
punctuation, the near misses on which a pattern with nested or overlapping repeats backtracks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..document import Block
from .model import Rule

__all__ = ["PROBE_CHARS", "Problem", "adversarial_lines", "applies", "check_rule", "check_rules"]

# The length of the adversarial lines: the engine's limit for running a shipped pattern without
# its timeout (see engine.UNTIMED_MAX_CHARS), and longer than nearly every line chrome comes on.
PROBE_CHARS = 200
# Characters and short runs that chrome patterns are built around.
_SEEDS = ("a", "A ", "Aa ", "a a ", "1", "1 ", ". ", ".", "-", "- ", "/ ", "| ", "» ", "# ", "© ", "@", ": ")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one rule, said for its author."""

    pack: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.pack}: {self.rule}: {self.message}"


def applies(rule: Rule, text: str, timeout: float | None = None) -> bool:
    """Whether the engine would apply the rule to a block of this text: its gate, then its pattern."""
    return rule.admits(Block(0, text)) and rule.matches(text, timeout) is not None


def adversarial_lines(rule: Rule, length: int = PROBE_CHARS) -> Iterator[str]:
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


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def check_rule(rule: Rule, timeout: float) -> list[Problem]:
    """The rule's problems: examples it misses, counterexamples it takes, lines it is too slow on."""
    problems: list[str] = []
    for example in rule.examples:
        try:
            if not rule.admits(Block(0, example)):
                problems.append(f"example {_shown(example)} is kept out by the rule's gate or max_words")
            elif rule.matches(example, timeout) is None:
                problems.append(f"example {_shown(example)} does not match the pattern")
        except TimeoutError:
            problems.append(f"example {_shown(example)} takes the pattern over {timeout}s")
    for counterexample in rule.counterexamples:
        try:
            if applies(rule, counterexample, timeout):
                problems.append(f"counterexample {_shown(counterexample)} matches")
        except TimeoutError:
            problems.append(f"counterexample {_shown(counterexample)} takes the pattern over {timeout}s")
    for line in adversarial_lines(rule):
        try:
            rule.matches(line, timeout)
        except TimeoutError:
            problems.append(
                f"the pattern backtracks for over {timeout}s on a line of {len(line)} characters like "
                f"{_shown(line)}; the rule gives up on such lines (make repeats possessive or bounded)"
            )
            break
    return [Problem(rule.pack, rule.id, message) for message in problems]


def check_rules(rules: Iterable[Rule], timeout: float) -> list[Problem]:
    """Every rule checked, in order."""
    return [problem for rule in rules for problem in check_rule(rule, timeout)]

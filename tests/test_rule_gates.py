"""A rule's `requires` gate admits every line its pattern matches (hypothesis).

The engine tries a gated rule only on the lines that hold one of its required tokens, so a gate
that misses a form the pattern accepts ("E-mail" for a gate on "email") silently turns the rule
off for it. The examples test the forms someone thought of; here hypothesis writes lines from
the pattern itself, every branch and optional part of it, and each one it matches must pass the
gate.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaner.document import Block
from cleaner.engine import RulesForLength
from cleaner.features import word_count
from cleaner.rules.model import Action, Rule
from cleaner.rules.registry import builtin_packs

GATED = [r for pack in builtin_packs().values() for r in pack.rules if r.gated]

# Hypothesis draws from the standard `re` syntax: the `regex` features the packs use are
# written in it with a subset of their characters (a generated line is then checked against
# the real pattern, so a narrower class only draws fewer lines, never a wrong one), and
# lookarounds, which it cannot draw from, are left out the same way.
_RE_SYNTAX = [
    (r"\p{Lu}", "A-Z"),
    (r"\p{L}", "a-zA-Zé"),
    (r"\p{N}", "0-9"),
]
_LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()]|\([^()]*\))*\)")


# Normalized text has single plain spaces: a block holds no other whitespace.
_SPACES = [(r"\s++", " "), (r"\s+", " "), (r"\s*+", " ?"), (r"\s*", " ?"), (r"\s?", " ?"), (r"\s", " ")]
# Lines drawn a rule: enough to reach its branches in a quick suite, the same lines every run
# (derandomized) so that the suite stays deterministic; set the variable higher (a few hundred)
# after changing a pattern or a gate, to draw more.
EXAMPLES = int(os.environ.get("CLEANER_GATE_EXAMPLES", "30"))

_PRINTED = st.characters(exclude_categories=("C", "Z"), include_characters=" ")


def _drawable(pattern: str) -> str:
    for space, plain in _SPACES:
        pattern = pattern.replace(space, plain)
    for feature, chars in _RE_SYNTAX:
        # inside a class the letters join it; alone they become a class of their own
        in_class = re.compile(r"\[([^\]]*)" + re.escape(feature))
        while in_class.search(pattern):
            pattern = in_class.sub(lambda m, chars=chars: "[" + m.group(1) + chars, pattern)
        pattern = pattern.replace(feature, f"[{chars}]")
    return _LOOKAROUND.sub("", pattern)


def passes_gate(rule: Rule, line: str) -> bool:
    """Whether the engine would try the rule on the line: its gate, as `RulesForLength` applies it."""
    return RulesForLength.of((rule,)).gated_candidates(Block(0, line)) == {0}


@pytest.mark.parametrize("rule", GATED, ids=[r.id for r in GATED])
def test_gate_admits_every_line_the_pattern_matches(rule: Rule) -> None:
    flags = re.IGNORECASE if rule.ignore_case else 0
    pattern = re.compile(_drawable(rule.pattern), flags)
    lines = st.from_regex(pattern, fullmatch=rule.action is not Action.CUT, alphabet=_PRINTED)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(lines)
    def check(line: str) -> None:
        # a block is one line of normalized text: stripped, its spaces plain and single
        assume(line and line.isprintable() and line.strip() == line and "  " not in line)
        assume(rule.max_words is None or word_count(line) <= rule.max_words)
        assume(rule.matches(line) is not None)
        assert passes_gate(rule, line), f"{rule.id} matches {line!r}, which its gate keeps out"
        # the same gate as the rule states it, which the start/end rules are peeled with
        assert rule.admits(Block(0, line)), f"Rule.admits keeps out {line!r}, the engine does not"

    check()

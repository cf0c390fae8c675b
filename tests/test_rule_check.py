"""`rules.check`: a rule's examples, counterexamples and speed, for the shipped packs and a user's.

The engine runs a shipped rule's pattern without the timeout on blocks of up to
`UNTIMED_MAX_CHARS` characters, so every shipped pattern must be quick on any such line: the
adversarial lines of `check_rule` are the kinds that make a pattern backtrack. The slowest
shipped pattern takes about 10 ms on them; one that failed here would have to be fixed
(possessive quantifiers, atomic groups, bounded repeats) before it could ship.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner import Config
from cleaner.cli import app
from cleaner.engine import UNTIMED_MAX_CHARS
from cleaner.rules.check import PROBE_CHARS, adversarial_lines, check_rule
from cleaner.rules.model import Action, Rule
from cleaner.rules.registry import builtin_packs

SHIPPED = [rule for pack in builtin_packs().values() for rule in pack.rules]
TIMEOUT = Config().regex_timeout
runner = CliRunner()


def test_the_probe_covers_the_lines_run_without_a_timeout() -> None:
    assert PROBE_CHARS >= UNTIMED_MAX_CHARS


@pytest.mark.parametrize("rule", SHIPPED, ids=[f"{r.pack}:{r.id}" for r in SHIPPED])
def test_a_shipped_rule_has_no_problem(rule: Rule) -> None:
    assert check_rule(rule, TIMEOUT) == []


def _rule(pattern: str, **fields: Any) -> Rule:
    return Rule(id="mine", description="d", pattern=pattern, action=Action.DROP, pack="my", **fields)


def test_adversarial_lines_are_short_and_built_from_the_rule() -> None:
    rule = _rule("Get our newsletter", examples=("Get our newsletter",))
    lines = list(adversarial_lines(rule))
    assert all(len(line) <= PROBE_CHARS for line in lines)
    assert any(line.startswith("Get our newsletter Get our") for line in lines)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"examples": ("Get the newsletter",)}, "example 'Get the newsletter' does not match the pattern"),
        ({"counterexamples": ("Get our newsletter",)}, "counterexample 'Get our newsletter' matches"),
        (
            {"examples": ("Get our newsletter",), "requires": ("weekly",)},
            "example 'Get our newsletter' is kept out by the rule's gate or max_words",
        ),
        (
            {"examples": ("Get our newsletter",), "max_words": 2},
            "example 'Get our newsletter' is kept out by the rule's gate or max_words",
        ),
    ],
    ids=["missed-example", "taken-counterexample", "gate", "max-words"],
)
def test_a_rules_problems_are_named(fields: dict[str, object], message: str) -> None:
    problems = check_rule(_rule("Get our newsletter", **fields), TIMEOUT)
    assert [str(p) for p in problems] == [f"my: mine: {message}"]


def test_a_slow_pattern_is_named() -> None:
    # (a|aa)+ backtracks exponentially on a run of "a"s that ends in no "b"
    problems = check_rule(_rule("(?:a|aa)+b", examples=("aab",)), 0.05)
    assert len(problems) == 1
    assert "backtracks for over 0.05s" in problems[0].message


def test_the_command_checks_the_rules_in_force(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        '[[rules]]\nid = "my_promo"\ndescription = "d"\npattern = "Get our newsletter"\naction = "drop"\n'
        'examples = ["Get our newsletter"]\ncounterexamples = ["We get our newsletter on Mondays."]\n'
    )
    result = runner.invoke(app, ["rules", "--check", "--rules", str(good)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("no problems")

    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[rules]]\nid = "my_promo"\ndescription = "d"\npattern = "Get our newsletter"\naction = "drop"\n'
        'examples = ["Get the newsletter"]\n'
    )
    result = runner.invoke(app, ["rules", "--check", "--rules", str(bad)])
    assert result.exit_code == 1
    assert "bad: my_promo: example 'Get the newsletter' does not match the pattern" in result.stdout

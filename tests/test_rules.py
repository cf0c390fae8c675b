"""Every shipped rule matches its examples and leaves its counterexamples alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Config, RuleError, clean
from cleaner.document import Block, Document
from cleaner.engine import RulesForLength
from cleaner.rules.check import applies
from cleaner.rules.model import Action, Rule, parse_pack
from cleaner.rules.registry import Registry, builtin_packs

ALL_RULES = [rule for pack in builtin_packs().values() for rule in pack.rules]


@pytest.mark.parametrize(
    ("rule", "text"),
    [(r, e) for r in ALL_RULES for e in r.examples],
    ids=[f"{r.id}:{e[:40]}" for r in ALL_RULES for e in r.examples],
)
def test_rule_matches_example(rule: Rule, text: str) -> None:
    assert applies(rule, text)


@pytest.mark.parametrize(
    ("rule", "text"),
    [(r, c) for r in ALL_RULES for c in r.counterexamples],
    ids=[f"{r.id}:{c[:40]}" for r in ALL_RULES for c in r.counterexamples],
)
def test_rule_leaves_counterexample(rule: Rule, text: str) -> None:
    assert not applies(rule, text)


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_every_rule_is_documented_with_examples_and_counterexamples(rule: Rule) -> None:
    assert rule.description
    assert rule.examples, f"{rule.id} has no examples"
    assert rule.counterexamples, f"{rule.id} has no counterexamples"


def test_rule_ids_are_unique_across_packs() -> None:
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"id": "Bad-Id", "description": "d", "pattern": "x", "action": "drop"}, "snake_case"),
        ({"id": "empty", "description": "d", "pattern": "a|", "action": "drop"}, "empty string"),
        ({"id": "broken", "description": "d", "pattern": "(", "action": "drop"}, "bad pattern"),
        ({"id": "what", "description": "d", "pattern": "x", "action": "explode"}, "action must be"),
        ({"id": "nolist", "description": "d", "pattern": "x", "action": "list"}, "needs `item`"),
        (
            {"id": "group", "description": "d", "pattern": "(?P<nope>x)", "action": "move"},
            "unknown named group",
        ),
        (
            {"id": "peeled", "description": "d", "pattern": "x", "action": "drop", "where": "end"}
            | {"followed_by": ["y"]},
            "`followed_by` is for rules",
        ),
        (
            {"id": "narrow", "description": "d", "pattern": "x", "action": "drop", "also_requires": ["x"]},
            "narrows a `requires` or `starts` gate",
        ),
        (
            {"id": "phrase", "description": "d", "pattern": "x", "action": "drop", "requires": ["x"]}
            | {"also_requires": ["two words"]},
            "`also_requires` holds single words",
        ),
    ],
    ids=[
        "id",
        "empty-alternation",
        "pattern",
        "action",
        "list-item",
        "group",
        "followed-by-peeled",
        "second-gate-alone",
        "second-gate-phrase",
    ],
)
def test_malformed_rules_are_refused(rule: dict[str, str], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_pack({"rules": [rule]}, "test")


def test_context_naming_no_rule_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(
        '[[rules]]\nid = "mine"\ndescription = "d"\npattern = "x"\naction = "drop"\n'
        'followed_by = ["no_such_rule"]\n'
    )
    with pytest.raises(RuleError, match="no_such_rule"):
        Registry.from_config(Config(rule_files=(pack,)))


def test_disabled_rule_is_not_run() -> None:
    registry = Registry.from_config(Config(disabled_rules=frozenset({"share_buttons"})))
    assert "share_buttons" not in {r.id for r in registry.rules_for(None)}


@pytest.mark.parametrize(
    ("rule", "text"),
    [(r, e) for r in ALL_RULES for e in r.examples if r.requires],
    ids=[f"{r.id}:{e[:40]}" for r in ALL_RULES for e in r.examples if r.requires],
)
def test_required_words_admit_every_example(rule: Rule, text: str) -> None:
    """The cheap gate in front of a pattern must never hide a line the pattern is meant for."""
    assert rule.admits(Block(0, text))


_BUDGET_BODY = "The council approved the budget on Monday after a long debate about schools and roads."


def _with_pack(tmp_path: Path, rules: str, *, regex_timeout: float | None = None) -> Config:
    """An article-mode config whose user rule file holds these rules (TOML)."""
    pack = tmp_path / "mine.toml"
    pack.write_text(rules)
    config = Config(rule_files=(pack,), mode="article")
    return config if regex_timeout is None else config.replace(regex_timeout=regex_timeout)


def test_a_block_cut_again_in_a_later_round_is_matched_again(tmp_path: Path) -> None:
    """A user's cut rule takes one tag a round; what is left must meet the rules as it now reads.

    The rules' matches are kept between rounds by block; a cut that changes a block's text must
    not leave the matches of its old text behind, or the last cut's remainder would escape the
    drop rule that cleaning the output again applies.
    """
    config = _with_pack(
        tmp_path,
        '[[rules]]\nid = "ad_tag"\ndescription = "d"\npattern = "^\\\\[AD\\\\]"\naction = "cut"\n'
        'examples = ["[AD] Buy now"]\ncounterexamples = ["AD 2024"]\n\n'
        '[[rules]]\nid = "buy_now"\ndescription = "d"\npattern = "buy now"\naction = "drop"\n'
        'examples = ["Buy now"]\ncounterexamples = ["Buy now, pay later, the ads said."]\n',
    )
    result = clean(f"{_BUDGET_BODY}\n\n[AD] [AD] Buy now\n", config=config)
    assert result.text == f"{_BUDGET_BODY}\n"
    assert [r.rule for r in result.removed] == ["ad_tag", "ad_tag", "buy_now"]
    assert clean(result.text, config=config).text == result.text


def test_a_cut_rule_is_tried_only_on_blocks_its_gate_admits(tmp_path: Path) -> None:
    # as a block rule is: the gate spares the search (with its timeout) on every other block
    config = _with_pack(
        tmp_path,
        '[[rules]]\nid = "ad_tag"\ndescription = "d"\nrequires = ["sponsored"]\n'
        'pattern = "^\\\\[AD\\\\]\\\\s*"\naction = "cut"\n'
        "examples = []\ncounterexamples = []\n",
    )
    result = clean(f"{_BUDGET_BODY}\n\n[AD] sponsored by the shop\n\n[AD] the shop\n", config=config)
    assert result.text == f"{_BUDGET_BODY}\n\nsponsored by the shop\n\n[AD] the shop\n"


@pytest.mark.parametrize("pattern", ["[ ]", "o"], ids=["lone-space", "one-letter"])
def test_a_cut_rule_that_keeps_matching_still_ends(tmp_path: Path, pattern: str) -> None:
    config = _with_pack(
        tmp_path,
        f'[[rules]]\nid = "odd_cut"\ndescription = "d"\npattern = "{pattern}"\naction = "cut"\n'
        "examples = []\ncounterexamples = []\n",
    )
    text = "Good food costs more in the town of Bolton, the report on household budgets found today."
    cut = clean(text, config=config).text
    assert cut == (" ".join(text.replace("o", " ").split()) if pattern == "o" else text) + "\n"


def test_a_cut_forgets_the_rules_matches_of_the_old_text() -> None:
    doc = Document(source_text="[AD] Buy now")
    block = Block(0, "[AD] Buy now")
    doc.blocks.append(block)
    doc.rule_matches[0] = []  # what the rules matched on "[AD] Buy now": nothing
    doc.cut(block, "ad_tag", "[AD]", "Buy now")
    assert 0 not in doc.rule_matches


@pytest.mark.parametrize(
    ("line", "admitted"),
    [
        ("March 3, 2021", True),
        ("Published: 2021-03-17 10:15", True),
        ("3 Sept 2021", True),
        ("Call 555 1234 for tickets", False),  # a digit, but no month and no dash
        ("Top 10 gadgets", False),
        ("May 2021", True),  # the gate lets it in; the pattern, wanting a day, then says no
    ],
)
def test_a_second_gate_narrows_the_first(line: str, admitted: bool) -> None:
    date_line = next(r for r in ALL_RULES if r.id == "date_line")
    assert date_line.also_requires  # the rule this checks has a second gate
    assert date_line.admits(Block(0, line)) is admitted
    assert (RulesForLength.of((date_line,)).gated_candidates(Block(0, line)) == {0}) is admitted


def test_a_users_slow_pattern_gives_up_and_the_document_is_cleaned(tmp_path: Path) -> None:
    # An ungated rule whose pattern backtracks exponentially on a run of "a"s: on that line it
    # times out and decides nothing, on the others it still applies.
    config = _with_pack(
        tmp_path,
        '[[rules]]\nid = "slow"\ndescription = "d"\npattern = "(?:a|aa)+b"\naction = "drop"\n'
        "examples = []\ncounterexamples = []\n",
        regex_timeout=0.05,
    )
    result = clean(f"{_BUDGET_BODY}\n\n{'a' * 40}\n\naab\n", config=config)
    assert result.text == f"{_BUDGET_BODY}\n\n{'a' * 40}\n"
    assert [r.rule for r in result.removed] == ["slow"]


def _rule(pattern: str, *, ignore_case: bool = True) -> Rule:
    return Rule(id="probe", description="d", pattern=pattern, action=Action.DROP, ignore_case=ignore_case)


def test_ignoring_case_folds_one_character_to_one() -> None:
    assert _rule("STRASSE").compiled.fullmatch("strasse")
    assert _rule("strasse").compiled.fullmatch("STRASSE")
    assert not _rule("strasse").compiled.fullmatch("straße")  # as Python's re: no full folding
    assert _rule("(?i:ok) done", ignore_case=False).compiled.fullmatch("OK done")


def test_a_word_before_a_repeated_class_does_not_backtrack_without_end() -> None:
    # With regex's full case folding this took seconds at 100 characters (exponential in the
    # length); folded simply it is linear, far inside the timeout.
    line = "email" * 30
    assert _rule(r"email[\w.+-]+@example\.com").compiled.fullmatch(line, timeout=1.0) is None
    contact_line = next(r for r in ALL_RULES if r.id == "contact_line")
    assert contact_line.compiled.fullmatch(f"Email: {line}", timeout=1.0) is None


_FLOOD_BODY = (
    "The city council voted 7-2 on Tuesday to fund a system of removable flood barriers along the "
    "river district, ending a debate that has run for more than three years.\n\n"
    "Construction is expected to begin in the spring and to take about eighteen months, according "
    "to the city's engineering department."
)


@pytest.mark.parametrize(
    "text",
    [f"Written by\n\nJane Doe\n\n{_FLOOD_BODY}", f"{_FLOOD_BODY}\n\nWRITTEN BY\n\nJane Doe, MD"],
    ids=["head", "tail"],
)
def test_a_byline_label_on_its_own_line_gives_the_next_lines_name_as_author(text: str) -> None:
    result = clean(text)
    assert result.text == _FLOOD_BODY + "\n"
    assert result.metadata.author is not None and result.metadata.author.startswith("Jane Doe")
    assert {r.rule for r in result.removed} == {"byline_label"}


def test_a_reviewers_label_takes_the_name_out_but_not_into_author() -> None:
    result = clean(f"{_FLOOD_BODY}\n\nMedically reviewed by\n\nJohn Roe, CFP")
    assert result.text == _FLOOD_BODY + "\n"
    assert result.metadata.author is None


def test_a_byline_label_leaves_a_line_that_is_no_name() -> None:
    tail = "Anna Lee has covered the council for the Gazette since 2015 and lives in the river district."
    result = clean(f"{_FLOOD_BODY}\n\nWritten by\n\n{tail}")
    assert tail in result.text
    assert result.metadata.author is None


def test_a_reviewers_label_inside_the_body_leaves_the_subheading_under_it() -> None:
    first, second = _FLOOD_BODY.split("\n\n")
    text = f"{first}\n\nReviewed by\n\nKey Findings\n\n{second}"
    assert "Key Findings" in clean(text).text

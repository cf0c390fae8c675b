"""The fixture library: loading cases, running and comparing them, diffs, update, add, projects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cleaner import ConfigError, InputError, Result
from cleaner.document import Metadata, Removal
from cleaner.fixtures import (
    Case,
    CaseError,
    Outcome,
    Project,
    Runner,
    accept,
    add_case,
    find_cases,
    is_case,
    load_case,
    summary,
    unified_diff,
    untraced_blocks,
    update_case,
)

DOC = """Widget prices rise as factories struggle

The price of widgets rose by a tenth on Monday, traders said, as factories struggled to keep up with demand.

Analysts expect prices to settle by the end of the year, when two new plants open in the north.
"""
TITLE = "Widget prices rise as factories struggle"
BODY = (
    "The price of widgets rose by a tenth on Monday, traders said, as factories struggled to keep up with "
    "demand.\n\nAnalysts expect prices to settle by the end of the year, when two new plants open in the "
    "north.\n"
)

SPONSOR_RULE = """
[[rules]]
id = "widget_weekly_sponsors"
description = "The sponsor line Widget Weekly prints under each article."
pattern = 'widget weekly thanks its sponsors\\.?'
action = "drop"
examples = ["Widget Weekly thanks its sponsors."]
counterexamples = ["Widget Weekly thanks its readers for their many letters about the plant."]
"""


def write_case(folder: Path, files: dict[str, str | dict[str, Any]]) -> Path:
    """A case folder from file names and contents (a dict is written as expected.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = json.dumps(content) if isinstance(content, dict) else content
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def runner() -> Runner:
    """One runner for the module: its Cleaner compiles the rules once."""
    return Runner()


@pytest.fixture
def passing(tmp_path: Path) -> Case:
    folder = write_case(tmp_path / "widgets", {"input.txt": DOC, "expected.txt": BODY, "expected.json": {}})
    return load_case(folder)


# ---------------------------------------------------------------------------------------- loading


def test_a_case_is_named_after_its_folder_and_reads_its_input(passing: Case) -> None:
    assert passing.name == "widgets"
    assert passing.input_path.name == "input.txt"
    assert passing.read_input() == DOC
    assert (passing.url, passing.xfail, dict(passing.overrides)) == (None, None, {})


def test_an_html_input_is_a_case(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "page", {"input.html": "<p>x</p>"}))
    assert case.input_path.name == "input.html"


def test_url_txt_gives_the_url(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "url.txt": "https://example.com/a\n"}))
    assert case.url == "https://example.com/a"


def test_meta_toml_gives_url_known_failure_and_config(tmp_path: Path) -> None:
    meta = 'url = "https://example.com/a"\nxfail = "the title is missed"\n[config]\ntitle_first_line = true\n'
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "meta.toml": meta}))
    assert case.url == "https://example.com/a"
    assert case.xfail == "the title is missed"
    assert dict(case.overrides) == {"title_first_line": True}


def test_config_rule_files_are_relative_to_the_case(tmp_path: Path) -> None:
    meta = '[config]\nrule_files = ["../rules.toml"]\n'
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "meta.toml": meta}))
    assert case.overrides["rule_files"] == (tmp_path / "c" / "../rules.toml",)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"expected.txt": ""}, "no input.txt or input.html"),
        ({"input.txt": DOC, "input.html": "<p>x</p>"}, "two inputs"),
        ({"input.txt": DOC, "url.txt": "u", "meta.toml": 'url = "u"'}, "url is given twice"),
        ({"input.txt": DOC, "meta.toml": 'xfial = "typo"'}, "unknown key(s) xfial"),
        ({"input.txt": DOC, "meta.toml": "xfail = true"}, "must be the reason"),
        ({"input.txt": DOC, "meta.toml": "url = 3"}, "`url` must be a string"),
        ({"input.txt": DOC, "meta.toml": "config = 1"}, "must be a table"),
        ({"input.txt": DOC, "meta.toml": "[config]\nno_such_switch = 1"}, "no_such_switch"),
        ({"input.txt": DOC, "meta.toml": "url = "}, "invalid TOML"),
    ],
    ids=[
        "no-input",
        "two-inputs",
        "url-twice",
        "unknown-meta-key",
        "xfail-without-reason",
        "url-not-a-string",
        "config-not-a-table",
        "unknown-config-key",
        "invalid-toml",
    ],
)
def test_a_malformed_case_is_refused_with_the_reason(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    with pytest.raises(CaseError) as excinfo:
        load_case(write_case(tmp_path / "c", files))
    assert message in str(excinfo.value)


def test_find_cases_walks_subfolders_in_order_and_skips_hidden_ones(tmp_path: Path) -> None:
    for name in ("b", "a/x", "a/y", ".hidden/c", "_draft/d"):
        write_case(tmp_path / name, {"input.txt": DOC})
    write_case(tmp_path / "b" / "inner", {"input.txt": DOC})  # inside a case: not searched
    (tmp_path / "empty").mkdir()
    assert [name for name, _ in find_cases(tmp_path)] == ["a/x", "a/y", "b"]


def test_find_cases_on_a_case_folder_gives_that_case(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "one", {"input.txt": DOC})
    assert find_cases(folder) == [("one", folder)]
    assert is_case(folder) and not is_case(tmp_path)


def test_find_cases_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="no such folder"):
        find_cases(tmp_path / "nope")


# ---------------------------------------------------------------------------------------- comparing


def test_a_matching_case_passes(runner: Runner, passing: Case) -> None:
    outcome = runner.check(passing)
    assert (outcome.status, outcome.ok, outcome.report()) == ("passed", True, "")


def test_a_text_mismatch_is_a_unified_diff(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "expected.txt": "Something else.\n"}))
    outcome = runner.check(case)
    assert outcome.status == "failed"
    assert outcome.text_diff.startswith("--- c/expected.txt\n+++ c (current output)\n")
    assert "-Something else.\n" in outcome.text_diff
    assert "+Analysts expect prices" in outcome.text_diff
    assert outcome.text_diff.rstrip("\n") in outcome.report()


def test_only_the_metadata_keys_present_are_compared(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "expected.json": {"title": TITLE}}))
    assert runner.check(case).status == "passed"  # neither the text nor the other keys are pinned


def test_a_metadata_mismatch_is_a_diff_of_the_pinned_keys(runner: Runner, tmp_path: Path) -> None:
    pinned = {"title": "Another title", "breadcrumbs": []}
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "expected.json": pinned}))
    diff = runner.check(case).metadata_diff
    assert diff.startswith("--- c/expected.json\n+++ c (current output)\n")
    assert '-  "title": "Another title",' in diff
    assert f'+  "title": "{TITLE}",' in diff
    assert "author" not in diff


def test_an_unknown_metadata_key_is_an_error(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "expected.json": {"titel": "x"}}))
    outcome = runner.check(case)
    assert outcome.status == "error"
    assert "unknown metadata key(s) titel" in outcome.report()


def test_a_case_that_pins_nothing_fails(runner: Runner, tmp_path: Path) -> None:
    outcome = runner.check(load_case(write_case(tmp_path / "c", {"input.txt": DOC})))
    assert outcome.status == "failed"
    assert "nothing to compare" in outcome.report()


def test_a_known_failure_that_still_fails_is_xfailed(runner: Runner, tmp_path: Path) -> None:
    files = {"input.txt": DOC, "expected.txt": "Wanted.\n", "meta.toml": 'xfail = "not yet"'}
    outcome = runner.check(load_case(write_case(tmp_path / "c", files)))
    assert (outcome.status, outcome.ok) == ("xfailed", True)


def test_a_known_failure_that_passes_fails_strictly(runner: Runner, tmp_path: Path) -> None:
    files = {"input.txt": DOC, "expected.txt": BODY, "meta.toml": 'xfail = "not yet"'}
    outcome = runner.check(load_case(write_case(tmp_path / "c", files)))
    assert (outcome.status, outcome.ok) == ("xpassed", False)
    assert "known failure now passes: remove `xfail`" in outcome.report()


def test_case_config_overrides_apply_to_its_run(runner: Runner, tmp_path: Path) -> None:
    meta = "[config]\ntitle_first_line = true\n"
    files = {"input.txt": DOC, "expected.txt": f"{TITLE}\n\n{BODY}", "meta.toml": meta}
    assert runner.check(load_case(write_case(tmp_path / "c", files))).status == "passed"


def test_a_case_rule_file_is_used(runner: Runner, tmp_path: Path) -> None:
    (tmp_path / "rules.toml").write_text(SPONSOR_RULE, encoding="utf-8")
    meta = '[config]\nrule_files = ["../rules.toml"]\n'
    document = DOC + "\nWidget Weekly thanks its sponsors.\n"
    files = {"input.txt": document, "expected.txt": BODY, "meta.toml": meta}
    outcome = runner.check(load_case(write_case(tmp_path / "c", files)))
    assert outcome.status == "passed"
    assert outcome.result is not None
    assert "widget_weekly_sponsors" in {r.rule for r in outcome.result.removed}


def test_a_missing_rule_file_is_the_case_error(runner: Runner, tmp_path: Path) -> None:
    meta = '[config]\nrule_files = ["nope.toml"]\n'
    outcome = runner.check(load_case(write_case(tmp_path / "c", {"input.txt": DOC, "meta.toml": meta})))
    assert outcome.status == "error"
    assert "cannot read rule file" in outcome.report()


def test_cases_with_the_same_config_share_one_cleaner(tmp_path: Path) -> None:
    fresh = Runner()
    a = load_case(write_case(tmp_path / "a", {"input.txt": DOC}))
    b = load_case(write_case(tmp_path / "b", {"input.txt": DOC}))
    meta = "[config]\nkeep_captions = true"
    c = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "meta.toml": meta}))
    assert fresh.cleaner_for(a) is fresh.cleaner_for(b)
    assert fresh.cleaner_for(a) is not fresh.cleaner_for(c)


def test_a_block_that_left_without_a_rule_is_reported() -> None:
    result = Result(text="Kept.\n", metadata=Metadata(), removed=[], blocks=["Kept.", "Lost."])
    assert untraced_blocks(result) == [1]
    traced = Removal(rule="some_rule", action="drop", block=1, text="Lost.")
    assert untraced_blocks(Result("Kept.\n", Metadata(), [traced], ["Kept.", "Lost."])) == []


@pytest.mark.parametrize(
    ("statuses", "line"),
    [
        ([], "0 passed, 0 failed"),
        (["passed", "passed", "failed"], "2 passed, 1 failed"),
        (["passed", "xpassed", "error"], "1 passed, 2 failed"),
        (["passed", "xfailed"], "1 passed, 0 failed, 1 xfailed"),
    ],
    ids=["none", "failed", "xpassed-and-errors-fail", "xfailed"],
)
def test_summary_line(statuses: list[str], line: str) -> None:
    def outcome(status: str) -> Outcome:
        xfail = "why" if status.startswith("x") else None
        problems = ("differs",) if status in ("failed", "xfailed") else ()
        error = "boom" if status == "error" else None
        return Outcome("c", Path("c"), xfail, problems=problems, error=error)

    outcomes = [outcome(s) for s in statuses]
    assert [o.status for o in outcomes] == statuses
    assert summary(outcomes) == line


def test_unified_diff_shows_a_missing_final_newline() -> None:
    diff = unified_diff("a\nb\n", "a\nb", "expected", "current")
    assert diff.endswith("-b\n+b\n\\ No newline at end of file\n")
    assert unified_diff("same\n", "same\n", "x", "y") == ""


def test_unified_diff_keeps_form_feeds_inside_lines() -> None:
    assert "+a\x0cb\n" in unified_diff("ab\n", "a\x0cb\n", "x", "y")


# ---------------------------------------------------------------------------------------- update


def test_accept_writes_both_files_for_a_case_that_pins_nothing(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC}))
    assert accept(case, runner.clean(case)) == ("expected.txt", "expected.json")
    assert case.expected_text() == BODY
    pinned = case.expected_metadata()
    assert pinned is not None and pinned["title"] == TITLE and "extraction" in pinned
    assert runner.check(case).status == "passed"


def test_accept_rewrites_only_the_pinned_keys(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "expected.json": {"title": "Old"}}))
    assert accept(case, runner.clean(case)) == ("expected.json",)
    assert case.expected_metadata() == {"title": TITLE}
    assert not case.expected_text_path.exists()


def test_update_skips_a_known_failure_unless_asked(runner: Runner, tmp_path: Path) -> None:
    files = {"input.txt": DOC, "expected.txt": "Wanted.\n", "meta.toml": 'xfail = "not yet"\n'}
    case = load_case(write_case(tmp_path / "c", files))
    skipped = update_case(runner, case)
    assert (skipped.status, skipped.report) == ("skipped", "known failure: not yet")
    assert case.expected_text() == "Wanted.\n"


def test_update_of_a_known_failure_removes_its_marker(runner: Runner, tmp_path: Path) -> None:
    meta = '# why this case exists\nxfail = "not yet"  # see issue 12\nurl = "https://example.com/a"\n'
    files = {"input.txt": DOC, "expected.txt": "Wanted.\n", "meta.toml": meta}
    case = load_case(write_case(tmp_path / "c", files))
    done = update_case(runner, case, include_xfail=True)
    assert (done.status, done.changed) == ("updated", ("meta.toml", "expected.txt"))
    assert "removed the `xfail` marker" in done.report
    kept = '# why this case exists\nurl = "https://example.com/a"\n'
    assert (tmp_path / "c" / "meta.toml").read_text() == kept
    assert runner.check(load_case(case.path)).status == "passed"


def test_a_meta_toml_left_empty_is_removed(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "meta.toml": "xfail = 'not yet'\n"}))
    update_case(runner, case, include_xfail=True)
    assert not (tmp_path / "c" / "meta.toml").exists()


def test_a_marker_that_cannot_be_removed_safely_is_an_error(runner: Runner, tmp_path: Path) -> None:
    meta = 'xfail = """not\nyet"""\n'
    files = {"input.txt": DOC, "expected.txt": "Wanted.\n", "meta.toml": meta}
    case = load_case(write_case(tmp_path / "c", files))
    done = update_case(runner, case, include_xfail=True)
    assert done.status == "error"
    assert "remove it by hand" in done.report
    assert (tmp_path / "c" / "meta.toml").read_text() == meta
    assert case.expected_text() == "Wanted.\n"  # nothing written


def test_update_reports_the_diff_and_then_nothing(runner: Runner, tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "c", {"input.txt": DOC, "expected.txt": "Old.\n"}))
    first = update_case(runner, case)
    assert (first.status, first.changed) == ("updated", ("expected.txt",))
    assert "-Old.\n" in first.report
    assert update_case(runner, case).status == "unchanged"


# ---------------------------------------------------------------------------------------- add


def test_add_makes_a_passing_case_from_a_document(runner: Runner, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    case = add_case(tmp_path / "doc.txt", tmp_path / "cases" / "widgets", runner, url="https://example.com/w")
    files = sorted(p.name for p in case.path.iterdir())
    assert files == ["expected.json", "expected.txt", "input.txt", "url.txt"]
    assert case.url == "https://example.com/w"
    assert runner.check(case).status == "passed"


def test_add_names_html_input_by_its_content(runner: Runner, tmp_path: Path) -> None:
    page = "<!DOCTYPE html><html><body><article><p>" + BODY + "</p></article></body></html>"
    (tmp_path / "page.dat").write_text(page, encoding="utf-8")
    case = add_case(tmp_path / "page.dat", tmp_path / "page", runner)
    assert case.input_path.name == "input.html"


def test_add_writes_a_legacy_encoded_document_as_utf8(runner: Runner, tmp_path: Path) -> None:
    text = "Café prices rise in the old town, owners said on Monday, as beans cost more than ever before.\n"
    (tmp_path / "doc.txt").write_bytes(text.encode("cp1252"))
    case = add_case(tmp_path / "doc.txt", tmp_path / "cafe", runner)
    assert case.read_input() == text


def test_add_refuses_an_existing_case(runner: Runner, passing: Case, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    with pytest.raises(CaseError, match="already exists"):
        add_case(tmp_path / "doc.txt", passing.path, runner)


def test_add_refuses_a_binary_file_and_leaves_nothing(runner: Runner, tmp_path: Path) -> None:
    (tmp_path / "img.bin").write_bytes(b"\x89PNG\x00\x00\x01\x02" * 10)
    with pytest.raises(InputError, match="binary"):
        add_case(tmp_path / "img.bin", tmp_path / "img", runner)
    assert not (tmp_path / "img").exists()


# ---------------------------------------------------------------------------------------- projects


def test_project_reads_fixtures_and_config_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.cleaner]\nfixtures = ["cases", "more/./cases"]\nkeep_captions = true\n'
    )
    project = Project.from_pyproject(tmp_path / "pyproject.toml")
    assert project is not None
    assert project.fixtures == (tmp_path / "cases", tmp_path / "more" / "cases")
    assert project.config.keep_captions is True


def test_a_pyproject_without_a_cleaner_table_is_no_project(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert Project.from_pyproject(tmp_path / "pyproject.toml") is None
    assert Project.discover(tmp_path) == Project()


def test_discover_finds_the_nearest_cleaner_table_above(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nfixtures = ["cases"]\n')
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    assert Project.discover(tmp_path / "sub" / "deeper").fixtures == (tmp_path / "cases",)


def test_fixtures_must_be_a_list_of_folders(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nfixtures = "cases"\n')
    with pytest.raises(ConfigError, match="must be a list"):
        Project.from_pyproject(tmp_path / "pyproject.toml")

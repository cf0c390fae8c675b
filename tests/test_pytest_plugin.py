"""The pytest plugin, run in a scratch project with pytester; and the whole user workflow, end to end."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli_fixtures import fixtures_app

pytest_plugins = ["pytester"]

DOC = """Widget prices rise as factories struggle

The price of widgets rose by a tenth on Monday, traders said, as factories struggled to keep up with demand.

Analysts expect prices to settle by the end of the year, when two new plants open in the north.

Widget Weekly thanks its sponsors.
"""
BODY = (
    "The price of widgets rose by a tenth on Monday, traders said, as factories struggled to keep up with "
    "demand.\n\nAnalysts expect prices to settle by the end of the year, when two new plants open in the "
    "north.\n"
)
# A user's rule file; the edit below makes the rule too greedy, as a real mistake would.
RULES = """
[[rules]]
id = "widget_weekly_sponsors"
description = "The sponsor line Widget Weekly prints under each article."
pattern = 'widget weekly thanks its sponsors\\.?'
action = "drop"
examples = ["Widget Weekly thanks its sponsors."]
counterexamples = ["Widget Weekly thanks its readers for their many letters about the plant."]
"""
GREEDY = ("pattern = 'widget weekly thanks its sponsors\\.?'", "pattern = '.*(?:sponsors|analysts).*'")

PYPROJECT = '[tool.cleaner]\nfixtures = ["cases"]\nrule_files = ["rules.toml"]\n'


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A scratch project with a rule file and fixture folder `cases` named in its pyproject.toml."""
    pytester.makefile(".toml", pyproject=PYPROJECT, rules=RULES)
    (pytester.path / "cases").mkdir()
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in-process, without hypothesis's plugin: it re-imports itself on every run (slow)."""
    return pytester.runpytest("-p", "no:hypothesispytest", *args)


def write_case(folder: Path, **files: str) -> Path:
    """A case folder; keyword names use `_` for `.` (input_txt -> input.txt)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name.replace("_", ".")).write_text(content, encoding="utf-8")
    return folder


def test_cases_are_items_named_after_their_folders(project: pytest.Pytester) -> None:
    write_case(project.path / "cases" / "widgets", input_txt=DOC, expected_txt=BODY)
    write_case(project.path / "cases" / "site_a" / "front_page", input_txt=DOC, expected_txt=BODY)
    result = run(project, "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "cases/site_a::front_page",
            "cases::widgets",
            "rules.toml::widget_weekly_sponsors",
            "3 tests collected*",
        ]
    )


def test_a_matching_case_passes_and_a_mismatch_fails_with_the_diff(project: pytest.Pytester) -> None:
    write_case(project.path / "cases" / "good", input_txt=DOC, expected_txt=BODY)
    write_case(project.path / "cases" / "bad", input_txt=DOC, expected_json='{"title": "Wrong"}')
    result = run(project)
    result.assert_outcomes(passed=2, failed=1)  # the good case and the project's rule
    result.stdout.fnmatch_lines(
        [
            "*_ bad _*",
            "--- bad/expected.json",
            "+++ bad (current output)",
            '-  "title": "Wrong"',
            '+  "title": "Widget prices rise as factories struggle"',
            "FAILED cases::bad*",
        ]
    )
    result.stdout.no_fnmatch_line("*Traceback*")


def test_known_failures_are_strict_xfails(project: pytest.Pytester) -> None:
    cases, known = project.path / "cases", 'xfail = "later"'
    write_case(cases / "still_wrong", input_txt=DOC, expected_txt="Wanted.\n", meta_toml=known)
    write_case(cases / "fixed", input_txt=DOC, expected_txt=BODY, meta_toml=known)
    result = run(project, "-rxX", "cases")
    result.assert_outcomes(xfailed=1, failed=1)
    xpassed = ["*_ fixed _*", "[[]XPASS(strict)[]] later"]
    result.stdout.fnmatch_lines([*xpassed, "XFAIL cases::still_wrong - later"])


def test_a_known_failure_that_crashes_is_a_failure(project: pytest.Pytester) -> None:
    meta = 'xfail = "later"\n[config]\nrule_files = ["missing.toml"]\n'
    write_case(project.path / "cases" / "broken", input_txt=DOC, expected_txt=BODY, meta_toml=meta)
    result = run(project, "cases")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*cannot read rule file*"])


def test_a_malformed_case_fails_with_the_reason(project: pytest.Pytester) -> None:
    write_case(project.path / "cases" / "broken", input_txt=DOC, meta_toml="nonsense = 1")
    result = run(project, "cases")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*meta.toml: unknown key(s) nonsense*"])


def test_update_fixtures_rewrites_failing_cases_and_not_known_failures(project: pytest.Pytester) -> None:
    cases = project.path / "cases"
    case = write_case(cases / "stale", input_txt=DOC, expected_txt="Old.\n")
    known = write_case(cases / "known", input_txt=DOC, expected_txt="Wanted.\n", meta_toml='xfail = "x"')
    result = run(project, "--update-fixtures", "cases")
    result.assert_outcomes(passed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*- cleaner fixtures: 1 updated -*", "updated cases::stale: expected.txt"])
    assert (case / "expected.txt").read_text() == BODY
    assert (known / "expected.txt").read_text() == "Wanted.\n"
    run(project, "cases").assert_outcomes(passed=1, xfailed=1)


def test_one_case_can_be_run_by_its_path(project: pytest.Pytester) -> None:
    write_case(project.path / "cases" / "one", input_txt=DOC, expected_txt=BODY)
    write_case(project.path / "cases" / "two", input_txt=DOC, expected_txt="Old.\n")
    run(project, "cases/one").assert_outcomes(passed=1)


def test_fixture_folders_outside_testpaths_still_run(project: pytest.Pytester) -> None:
    testpaths = '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
    (project.path / "pyproject.toml").write_text(PYPROJECT + testpaths)
    project.mkpydir("tests")
    (project.path / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    write_case(project.path / "cases" / "widgets", input_txt=DOC, expected_txt=BODY)
    run(project).assert_outcomes(passed=3)  # the test, the case and the project's rule
    run(project, "tests").assert_outcomes(passed=1)  # paths given: only those


def test_each_project_rule_is_an_item_checked_like_the_shipped_ones(project: pytest.Pytester) -> None:
    rules = project.path / "rules.toml"
    # a second rule whose example its pattern misses, and whose counterexample it takes
    rules.write_text(
        RULES
        + '\n[[rules]]\nid = "buy_button"\ndescription = "d"\npattern = "buy now"\naction = "drop"\n'
        + 'examples = ["Buy it now"]\ncounterexamples = ["Buy now"]\n'
    )
    result = run(project, "rules.toml")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ rule buy_button _*",
            "example 'Buy it now' does not match the pattern",
            "counterexample 'Buy now' matches",
            "FAILED rules.toml::buy_button - example 'Buy it now' does not match the pattern",
        ]
    )
    result.stdout.no_fnmatch_line("*Traceback*")


def test_a_slow_project_rule_fails(project: pytest.Pytester) -> None:
    (project.path / "pyproject.toml").write_text(PYPROJECT + "regex_timeout = 0.05\n")
    (project.path / "rules.toml").write_text(
        '[[rules]]\nid = "slowpoke"\ndescription = "d"\npattern = "(?:a|aa)+b"\naction = "drop"\n'
        'examples = ["aab"]\n'
    )
    result = run(project, "rules.toml")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["the pattern backtracks for over 0.05s*"])


def test_a_bad_project_rule_file_is_a_collection_error_naming_it(project: pytest.Pytester) -> None:
    bad = '[[rules]]\nid = "x"\ndescription = "d"\naction = "drop"\npattern = "(unclosed"\n'
    (project.path / "rules.toml").write_text(bad)
    result = run(project, "rules.toml")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*rules.toml: rule x: bad pattern*"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_the_plugin_does_nothing_without_fixtures_in_pyproject(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", pyproject='[project]\nname = "other"\n')
    write_case(pytester.path / "cases" / "widgets", input_txt=DOC, expected_txt="whatever")
    pytester.makepyfile("def test_plain():\n    pass\n")
    run(pytester).assert_outcomes(passed=1)


def test_the_plugin_ignores_a_cleaner_table_without_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", pyproject="[tool.cleaner]\nnot_a_switch = 1\n")
    pytester.makepyfile("def test_plain():\n    pass\n")
    run(pytester).assert_outcomes(passed=1)


def test_a_bad_project_config_is_a_usage_error(project: pytest.Pytester) -> None:
    (project.path / "pyproject.toml").write_text(PYPROJECT + "not_a_switch = 1\n")
    result = run(project)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*cleaner fixtures: unknown config key(s): not_a_switch"])


def test_a_missing_fixture_folder_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", pyproject='[tool.cleaner]\nfixtures = ["nope"]\n')
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*[[]tool.cleaner[]] fixtures: no such folder: *nope"])


def test_end_to_end_add_break_see_the_diff_and_accept(project: pytest.Pytester) -> None:
    """In a fresh folder: add a case, see it pass, break a rule, see the diff and exit 1, update."""
    cli = CliRunner()
    (project.path / "article.txt").write_text(DOC, encoding="utf-8")

    added = cli.invoke(fixtures_app, ["add", "article.txt", "-o", "cases/widgets"])
    assert added.exit_code == 0, added.output
    case = project.path / "cases" / "widgets"
    assert (case / "expected.txt").read_text() == BODY  # the user's rule dropped the sponsor line

    checked = cli.invoke(fixtures_app, ["check", "cases"])
    assert (checked.exit_code, checked.output) == (0, "1 passed, 0 failed\n")
    run(project).assert_outcomes(passed=2)  # the case and the rule

    rules = project.path / "rules.toml"
    rules.write_text(rules.read_text().replace(*GREEDY))

    checked = cli.invoke(fixtures_app, ["check", "cases"])
    assert checked.exit_code == 1
    lost = "-Analysts expect prices to settle by the end of the year, when two new plants open in the north."
    assert "--- widgets/expected.txt\n+++ widgets (current output)\n" in checked.output
    assert f"\n{lost}\n" in checked.output
    assert checked.output.endswith("0 passed, 1 failed\n")
    failed = run(project)
    assert failed.ret == pytest.ExitCode.TESTS_FAILED
    # the case fails; the greedy rule still takes its example, not its counterexample
    failed.assert_outcomes(failed=1, passed=1)
    failed.stdout.fnmatch_lines(["--- widgets/expected.txt", "-Analysts expect prices to settle*"])

    updated = cli.invoke(fixtures_app, ["update", "cases"])
    assert updated.exit_code == 0
    assert updated.output.startswith("updated cases/widgets: expected.txt\n")
    assert updated.output.endswith("1 updated, 0 unchanged\n")
    assert cli.invoke(fixtures_app, ["check", "cases"]).exit_code == 0
    run(project).assert_outcomes(passed=2)


def test_the_console_script_runs_the_fixture_commands(project: pytest.Pytester) -> None:
    """`cleaner fixtures` as installed: the main command line mounts this sub-app."""
    script = shutil.which("cleaner", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the `cleaner` console script is not installed")
    write_case(project.path / "cases" / "widgets", input_txt=DOC, expected_txt="Old.\n")
    done = subprocess.run([script, "fixtures", "check"], capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("FAILED cases/widgets\n--- widgets/expected.txt\n")
    assert done.stdout.endswith("\n0 passed, 1 failed\n")

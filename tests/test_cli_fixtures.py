"""`cleaner fixtures check/update/add`, driven in-process with typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from cleaner import Result
from cleaner.cli_fixtures import fixtures_app
from cleaner.fixtures import Case, Runner, find_cases

DOC = """Widget prices rise as factories struggle

The price of widgets rose by a tenth on Monday, traders said, as factories struggled to keep up with demand.

Analysts expect prices to settle by the end of the year, when two new plants open in the north.
"""
BODY = (
    "The price of widgets rose by a tenth on Monday, traders said, as factories struggled to keep up with "
    "demand.\n\nAnalysts expect prices to settle by the end of the year, when two new plants open in the "
    "north.\n"
)
PROJECT_FIXTURES = Path(__file__).parent / "fixtures"

cli = CliRunner()


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command in an empty folder, away from this project's pyproject.toml."""
    monkeypatch.chdir(tmp_path)


def write_case(folder: Path, **files: str) -> Path:
    """A case folder; keyword names use `_` for `.` (input_txt -> input.txt)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name.replace("_", ".")).write_text(content, encoding="utf-8")
    return folder


def test_every_command_has_help_text() -> None:
    group = get_command(fixtures_app)
    assert isinstance(group, typer.core.TyperGroup)
    assert group.help
    for name, command in group.commands.items():
        assert command.help, f"`fixtures {name}` has no help"
        assert cli.invoke(fixtures_app, [name, "--help"]).exit_code == 0


def test_the_project_own_fixtures_pass() -> None:
    result = cli.invoke(fixtures_app, ["check", str(PROJECT_FIXTURES)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{len(find_cases(PROJECT_FIXTURES))} passed, 0 failed\n"


# ---------------------------------------------------------------------------------------- check


def test_check_passes_quietly_with_a_summary(tmp_path: Path) -> None:
    write_case(tmp_path / "cases" / "widgets", input_txt=DOC, expected_txt=BODY)
    result = cli.invoke(fixtures_app, ["check", "cases"])
    assert (result.exit_code, result.output) == (0, "1 passed, 0 failed\n")


def test_check_verbose_lists_passing_cases(tmp_path: Path) -> None:
    write_case(tmp_path / "cases" / "widgets", input_txt=DOC, expected_txt=BODY)
    result = cli.invoke(fixtures_app, ["check", "cases", "-v"])
    assert result.output.splitlines()[0] == "passed cases/widgets"


def test_check_shows_the_diff_and_exits_1_on_a_mismatch(tmp_path: Path) -> None:
    write_case(tmp_path / "cases" / "good", input_txt=DOC, expected_txt=BODY)
    write_case(tmp_path / "cases" / "bad", input_txt=DOC, expected_json='{"title": "Wrong"}')
    result = cli.invoke(fixtures_app, ["check", "cases"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "FAILED cases/bad"
    assert "--- bad/expected.json" in lines
    assert '-  "title": "Wrong"' in lines
    assert '+  "title": "Widget prices rise as factories struggle"' in lines
    assert lines[-1] == "1 passed, 1 failed"


def test_check_counts_known_failures_apart(tmp_path: Path) -> None:
    write_case(tmp_path / "c" / "ok", input_txt=DOC, expected_txt=BODY)
    write_case(tmp_path / "c" / "known", input_txt=DOC, expected_txt="Wanted.\n", meta_toml='xfail = "later"')
    result = cli.invoke(fixtures_app, ["check", "c"])
    assert (result.exit_code, result.output) == (0, "1 passed, 0 failed, 1 xfailed\n")


def test_check_fails_a_known_failure_that_passes(tmp_path: Path) -> None:
    write_case(tmp_path / "c" / "fixed", input_txt=DOC, expected_txt=BODY, meta_toml='xfail = "later"')
    result = cli.invoke(fixtures_app, ["check", "c"])
    assert result.exit_code == 1
    assert result.output.startswith("XPASSED c/fixed\nknown failure now passes")
    assert result.output.endswith("0 passed, 1 failed\n")


def test_check_reports_a_malformed_case_and_goes_on(tmp_path: Path) -> None:
    write_case(tmp_path / "c" / "broken", input_txt=DOC, meta_toml="nonsense = 1")
    write_case(tmp_path / "c" / "ok", input_txt=DOC, expected_txt=BODY)
    result = cli.invoke(fixtures_app, ["check", "c"])
    assert result.exit_code == 1
    assert result.output.startswith("ERROR c/broken\nerror: c/broken/meta.toml: unknown key(s) nonsense;")
    assert result.output.endswith("1 passed, 1 failed\n")


def test_check_reports_a_crash_as_that_case_error_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_case(tmp_path / "c" / "a_crash", input_txt="CRASH", expected_txt="x")
    write_case(tmp_path / "c" / "ok", input_txt=DOC, expected_txt=BODY)
    clean = Runner.clean

    def crashing(self: Runner, case: Case) -> Result:
        if case.read_input() == "CRASH":
            raise RuntimeError("a bug")
        return clean(self, case)

    monkeypatch.setattr(Runner, "clean", crashing)
    result = cli.invoke(fixtures_app, ["check", "c"])
    assert result.exit_code == 1
    assert result.output.startswith("ERROR c/a_crash\nerror: Traceback (most recent call last):")
    assert "RuntimeError: a bug\n" in result.output
    assert result.output.endswith("1 passed, 1 failed\n")


def test_check_takes_several_folders(tmp_path: Path) -> None:
    write_case(tmp_path / "a" / "one", input_txt=DOC, expected_txt=BODY)
    write_case(tmp_path / "b", input_txt=DOC, expected_txt=BODY)  # a case folder itself
    assert cli.invoke(fixtures_app, ["check", "a", "b"]).output == "2 passed, 0 failed\n"


def test_check_defaults_to_the_fixtures_of_the_pyproject(tmp_path: Path) -> None:
    pyproject = '[tool.cleaner]\nfixtures = ["cases"]\ntitle_first_line = true\n'
    (tmp_path / "pyproject.toml").write_text(pyproject)
    title = "Widget prices rise as factories struggle"
    write_case(tmp_path / "cases" / "widgets", input_txt=DOC, expected_txt=f"{title}\n\n{BODY}")
    result = cli.invoke(fixtures_app, ["check"])
    assert (result.exit_code, result.output) == (0, "1 passed, 0 failed\n")


def test_check_takes_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text("[cleaner]\ntitle_first_line = true\n")
    write_case(tmp_path / "cases" / "widgets", input_txt=DOC, expected_txt=BODY)
    result = cli.invoke(fixtures_app, ["check", "cases", "--config", "cleaner.toml"])
    assert result.exit_code == 1
    assert "+Widget prices rise as factories struggle" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "no fixture folders given"),
        (["check", "empty"], "no fixture cases under empty"),
        (["update", "empty"], "no fixture cases under empty"),
        (["check", "empty", "--config", "bad.toml"], "unknown config key(s): nope"),
    ],
    ids=["no-folders", "no-cases", "update-no-cases", "bad-config"],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.toml").write_text("nope = 1\n")
    result = cli.invoke(fixtures_app, args)
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}" + result.stderr.split(message, 1)[1]
    assert len(result.stderr.splitlines()) == 1


def test_a_missing_folder_is_a_usage_error() -> None:
    assert cli.invoke(fixtures_app, ["check", "nope"]).exit_code == 2


# ---------------------------------------------------------------------------------------- update


def test_update_rewrites_and_shows_what_changed(tmp_path: Path) -> None:
    case = write_case(tmp_path / "cases" / "widgets", input_txt=DOC, expected_txt="Old.\n")
    write_case(tmp_path / "cases" / "same", input_txt=DOC, expected_txt=BODY)
    result = cli.invoke(fixtures_app, ["update", "cases"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "updated cases/widgets: expected.txt"
    assert "-Old." in lines
    assert lines[-1] == "1 updated, 1 unchanged"
    assert (case / "expected.txt").read_text() == BODY
    assert cli.invoke(fixtures_app, ["check", "cases"]).exit_code == 0


def test_update_leaves_known_failures_unless_asked(tmp_path: Path) -> None:
    meta = 'xfail = "x"'
    case = write_case(tmp_path / "c" / "known", input_txt=DOC, expected_txt="Wanted.\n", meta_toml=meta)
    result = cli.invoke(fixtures_app, ["update", "c"])
    assert result.output.splitlines() == [
        "skipped c/known (known failure: x)",
        "0 updated, 0 unchanged, 1 skipped (known failures)",
    ]
    assert (case / "expected.txt").read_text() == "Wanted.\n"
    result = cli.invoke(fixtures_app, ["update", "c", "--include-xfail"])
    assert result.output.splitlines()[0] == "updated c/known: meta.toml, expected.txt"
    assert (case / "expected.txt").read_text() == BODY
    assert not (case / "meta.toml").exists()


def test_update_keeps_the_pinned_keys_only(tmp_path: Path) -> None:
    case = write_case(tmp_path / "c", input_txt=DOC, expected_json='{"title": "Old", "author": null}')
    assert cli.invoke(fixtures_app, ["update", "c"]).exit_code == 0
    pinned = json.loads((case / "expected.json").read_text())
    assert pinned == {"title": "Widget prices rise as factories struggle", "author": None}


def test_update_reports_a_case_it_cannot_run_and_exits_1(tmp_path: Path) -> None:
    write_case(tmp_path / "c", input_txt=DOC, meta_toml='[config]\nrule_files = ["missing.toml"]')
    result = cli.invoke(fixtures_app, ["update", "c"])
    assert result.exit_code == 1
    assert "cannot read rule file" in result.output
    assert result.output.endswith("0 updated, 0 unchanged, 1 errors\n")


# ---------------------------------------------------------------------------------------- add


def test_add_makes_a_case_that_passes(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOC)
    args = ["add", "doc.txt", "-o", "cases/widgets", "--url", "https://example.com/w"]
    result = cli.invoke(fixtures_app, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "added cases/widgets: expected.json, expected.txt, input.txt, url.txt\nCorrect expected.txt"
    )
    assert (tmp_path / "cases" / "widgets" / "expected.txt").read_text() == BODY
    assert cli.invoke(fixtures_app, ["check", "cases"]).output == "1 passed, 0 failed\n"


def test_add_refuses_to_overwrite_a_case(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOC)
    write_case(tmp_path / "cases" / "widgets", input_txt="keep me")
    result = cli.invoke(fixtures_app, ["add", "doc.txt", "-o", "cases/widgets"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cases/widgets: already exists")
    assert (tmp_path / "cases" / "widgets" / "input.txt").read_text() == "keep me"


def test_add_reports_an_unreadable_document(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = cli.invoke(fixtures_app, ["add", "empty.txt", "-o", "cases/empty"])
    assert result.exit_code == 1
    assert result.stderr == "error: empty.txt: empty file\n"

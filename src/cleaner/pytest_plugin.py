"""The pytest plugin: the fixture folders named in `[tool.cleaner] fixtures` become test items,
and so do the rules of the project's own rule files (`rule_files`).

Registered through the `pytest11` entry point, so it is active wherever the package is installed;
it does nothing unless the rootdir's pyproject.toml names fixture folders. Each case is one item,
named after its folder; a known failure (`xfail` in its meta.toml) is a strict xfail.
`--update-fixtures` rewrites the expected files of failing cases from the current output. Each
rule is one item, named after its id, checked as `cleaner rules --check` checks it (its examples,
its counterexamples, its speed on adversarial lines).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import _toml as tomllib
from .errors import CleanerError
from .fixtures import Case, CaseError, Project, Runner, accept, is_case, load_case
from .rules.check import check_rule
from .rules.model import Rule, load_pack

__all__ = ["CaseItem", "FixtureDir", "FixtureMismatch", "RuleFile", "RuleItem", "RuleProblems"]


class FixtureMismatch(AssertionError):
    """A case's output differs from what it pins; the message is the diff."""


class FixtureError(Exception):
    """A case that could not be run: a malformed case, a bad rule file."""


class RuleProblems(AssertionError):
    """A rule misses an example, takes a counterexample or is too slow; the message says which."""


@dataclass
class _State:
    runner: Runner
    roots: frozenset[Path]
    update: bool
    rule_files: frozenset[Path] = frozenset()
    updated: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


_STATE = pytest.StashKey[_State]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cleaner", "cleaner fixture cases")
    group.addoption(
        "--update-fixtures",
        action="store_true",
        default=False,
        help="rewrite the expected files of failing cleaner fixture cases from the current output "
        "(known failures are left alone)",
    )


def pytest_configure(config: pytest.Config) -> None:
    pyproject = config.rootpath / "pyproject.toml"
    if not pyproject.is_file() or "fixtures" not in _cleaner_table(pyproject):
        return  # not a project with fixture cases: stay out of the way
    try:
        project = Project.load(pyproject)
    except CleanerError as exc:
        raise pytest.UsageError(f"cleaner fixtures: {exc}") from exc
    if not project.fixtures:
        return
    missing = [str(root) for root in project.fixtures if not root.is_dir()]
    if missing:
        raise pytest.UsageError(f"{pyproject}: [tool.cleaner] fixtures: no such folder: {', '.join(missing)}")
    roots = frozenset(project.fixtures)
    rule_files = frozenset(Path(os.path.normpath(path)) for path in project.config.rule_files)
    update = config.getoption("update_fixtures")
    config.stash[_STATE] = _State(Runner(project.config), roots, update, rule_files)
    if config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        # Run from the rootdir without paths: the fixture folders and the rule files run even
        # outside `testpaths`.
        here = config.invocation_params.dir
        given = [Path(os.path.normpath(here / arg.split("::")[0])) for arg in config.args]
        wanted = sorted(roots) + sorted(rule_files)
        config.args += [str(r) for r in wanted if not any(r.is_relative_to(g) for g in given)]


def _cleaner_table(pyproject: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # pytest itself reports a pyproject.toml it cannot read
    table = data.get("tool", {}).get("cleaner", {})
    return table if isinstance(table, dict) else {}


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    session = parent.config.stash.get(_STATE, None)
    if session is not None and path in session.roots:
        return FixtureDir.from_parent(parent, path=path)
    return None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    session = parent.config.stash.get(_STATE, None)
    if session is not None and file_path in session.rule_files:
        return RuleFile.from_parent(parent, path=file_path)
    return None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    session = config.stash.get(_STATE, None)
    if session is None or not session.updated:
        return
    terminalreporter.write_sep("-", f"cleaner fixtures: {len(session.updated)} updated")
    for nodeid, changed in session.updated:
        terminalreporter.write_line(f"updated {nodeid}: {', '.join(changed)}")


class FixtureDir(pytest.Directory):
    """A folder of fixture cases: its case folders are items, its other folders are collectors."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        if is_case(self.path):  # a case folder named directly in `fixtures`
            yield CaseItem.from_case_dir(self, self.path)
            return
        for entry in sorted(self.path.iterdir()):
            if not entry.is_dir() or entry.name.startswith((".", "_")):
                continue
            if is_case(entry):
                yield CaseItem.from_case_dir(self, entry)
            else:
                yield FixtureDir.from_parent(self, path=entry)


class CaseItem(pytest.Item):
    """One fixture case: cleans its input and compares the output with what it pins."""

    def __init__(self, *, case: Case | None, load_error: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.load_error = load_error
        if case is not None and case.xfail is not None:
            # strict: a known failure that starts passing fails, so the fix is noticed
            self.add_marker(pytest.mark.xfail(reason=case.xfail, strict=True, raises=FixtureMismatch))

    @classmethod
    def from_case_dir(cls, parent: pytest.Collector, path: Path) -> CaseItem:
        try:
            case, error = load_case(path), None
        except CaseError as exc:
            case, error = None, str(exc)
        item: CaseItem = cls.from_parent(parent, name=path.name, path=path, case=case, load_error=error)
        return item

    def runtest(self) -> None:
        session = self.config.stash[_STATE]
        if self.case is None:
            raise FixtureError(self.load_error)
        outcome = session.runner.check(self.case)
        if outcome.error is not None or outcome.result is None:
            raise FixtureError(outcome.error)
        if outcome.matches:
            return
        if session.update and self.case.xfail is None:
            changed = accept(self.case, outcome.result)
            if changed:
                session.updated.append((self.nodeid, changed))
            if not outcome.problems:  # untraced blocks are not fixed by rewriting expected files
                return
            raise FixtureMismatch("\n".join(outcome.problems))
        raise FixtureMismatch(outcome.report())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, FixtureMismatch | FixtureError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class RuleFile(pytest.File):
    """One of the project's rule files: each of its rules is an item."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            pack = load_pack(self.path)
        except CleanerError as exc:  # the reason alone, naming the file: no traceback
            raise self.CollectError(str(exc)) from exc
        for rule in pack.rules:
            yield RuleItem.from_parent(self, name=rule.id, rule=rule)


class RuleItem(pytest.Item):
    """One of the project's rules, checked as `cleaner rules --check` checks it."""

    def __init__(self, *, rule: Rule, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule

    def runtest(self) -> None:
        timeout = self.config.stash[_STATE].runner.config.regex_timeout
        problems = check_rule(self.rule, timeout)
        if problems:
            raise RuleProblems("\n".join(problem.message for problem in problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleProblems):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"rule {self.name}"

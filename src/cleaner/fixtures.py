"""Golden fixture cases: load them from folders, run them with a Cleaner, compare, diff, update, add.

A case is a folder holding one document and the output it must give (see tests/fixtures/README.md):

    input.txt | input.html   the document (UTF-8)
    url.txt                  optional: its url
    meta.toml                optional: `url`, `xfail = "why"` (a known failure), a `[config]` table
    expected.txt             the clean text, compared byte for byte
    expected.json            metadata: only the keys present are compared

The command line (`cleaner fixtures`) and the pytest plugin are thin layers over this module.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import _toml as tomllib
from .cleaner import Cleaner
from .config import Config
from .document import Metadata, Result
from .errors import CleanerError, ConfigError
from .io import read_document

__all__ = [
    "EXPECTED_JSON",
    "EXPECTED_TEXT",
    "INPUT_NAMES",
    "META_FILE",
    "URL_FILE",
    "Case",
    "CaseError",
    "Outcome",
    "Project",
    "Runner",
    "Update",
    "accept",
    "add_case",
    "compare",
    "find_cases",
    "is_case",
    "load_case",
    "summary",
    "unified_diff",
    "untraced_blocks",
    "update_case",
]

INPUT_NAMES = ("input.txt", "input.html")
URL_FILE = "url.txt"
META_FILE = "meta.toml"
EXPECTED_TEXT = "expected.txt"
EXPECTED_JSON = "expected.json"
META_KEYS = frozenset({"url", "xfail", "config"})
METADATA_KEYS = tuple(f.name for f in dataclasses.fields(Metadata))

Status = Literal["passed", "failed", "xfailed", "xpassed", "error"]
UpdateStatus = Literal["updated", "unchanged", "skipped", "error"]


class CaseError(CleanerError):
    """A fixture case that cannot be used: no input or two, a malformed meta.toml or expected.json."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


# ---------------------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One fixture case: a document, how to clean it, and where its expected output lives."""

    path: Path
    name: str  # readable id: the folder's path below the fixture root it was found in
    input_path: Path
    url: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)  # Config fields from `[config]`
    xfail: str | None = None  # the reason, when the case is a known failure

    @property
    def expected_text_path(self) -> Path:
        return self.path / EXPECTED_TEXT

    @property
    def expected_json_path(self) -> Path:
        return self.path / EXPECTED_JSON

    def config(self, base: Config) -> Config:
        """The base configuration with this case's overrides applied."""
        return base.replace(**self.overrides) if self.overrides else base

    def read_input(self) -> str:
        return _read_utf8(self.input_path)

    def expected_text(self) -> str | None:
        """The pinned text, or None when the case pins no text."""
        return _read_utf8(self.expected_text_path) if self.expected_text_path.is_file() else None

    def expected_metadata(self) -> dict[str, Any] | None:
        """The pinned metadata keys and values, or None when the case pins no metadata."""
        if not self.expected_json_path.is_file():
            return None
        try:
            data = json.loads(_read_utf8(self.expected_json_path))
        except json.JSONDecodeError as exc:
            raise CaseError(self.expected_json_path, f"invalid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise CaseError(self.expected_json_path, "must be a JSON object of metadata keys")
        unknown = sorted(set(data) - set(METADATA_KEYS))
        if unknown:
            raise CaseError(
                self.expected_json_path,
                f"unknown metadata key(s) {', '.join(unknown)}; known: {', '.join(METADATA_KEYS)}",
            )
        return data


def _read_utf8(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CaseError(path, f"not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except OSError as exc:
        raise CaseError(path, f"cannot read: {exc.strerror or exc}") from exc


def is_case(path: Path) -> bool:
    """A folder is a case when it holds an input document."""
    return any((path / name).is_file() for name in INPUT_NAMES)


def load_case(path: Path, name: str | None = None) -> Case:
    """Read a case folder's input name, url, known-failure marker and config overrides."""
    inputs = [path / n for n in INPUT_NAMES if (path / n).is_file()]
    if not inputs:
        raise CaseError(path, f"not a fixture case: no {' or '.join(INPUT_NAMES)}")
    if len(inputs) > 1:
        raise CaseError(path, f"two inputs: keep one of {' and '.join(INPUT_NAMES)}")
    meta = _read_meta(path / META_FILE)
    url = meta.get("url")
    if (path / URL_FILE).is_file():
        if url is not None:
            raise CaseError(path, f"the url is given twice, in {URL_FILE} and {META_FILE}: keep one")
        url = _read_utf8(path / URL_FILE).strip() or None
    overrides = _overrides(path, meta.get("config", {}))
    return Case(path, name or path.name, inputs[0], url, overrides, meta.get("xfail"))


def _read_meta(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        meta: dict[str, Any] = tomllib.loads(_read_utf8(path))
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(path, f"invalid TOML: {exc}") from exc
    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise CaseError(path, f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(META_KEYS))}")
    if "url" in meta and not isinstance(meta["url"], str):
        raise CaseError(path, "`url` must be a string")
    if "xfail" in meta and not (isinstance(meta["xfail"], str) and meta["xfail"].strip()):
        raise CaseError(path, '`xfail` must be the reason the case is a known failure: xfail = "why"')
    if not isinstance(meta.get("config", {}), dict):
        raise CaseError(path, "`config` must be a table: [config]")
    return meta


def _overrides(case_dir: Path, table: dict[str, Any]) -> dict[str, Any]:
    # Config.from_dict checks the keys and converts the values (rule_files relative to the case);
    # only the keys the case names are taken, so the rest of the base configuration stays.
    try:
        parsed = Config.from_dict(table, base_dir=case_dir)
    except ConfigError as exc:
        raise CaseError(case_dir / META_FILE, f"[config]: {exc}") from exc
    return {key: getattr(parsed, key) for key in table}


def find_cases(root: Path) -> list[tuple[str, Path]]:
    """Every case folder at or below `root`, sorted, with its name relative to `root`.

    Folders whose name starts with "." or "_" are skipped, and a case's own subfolders are not
    searched.
    """
    if not root.is_dir():
        raise CaseError(root, "no such folder")
    if is_case(root):
        return [(root.name, root)]
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, _ in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in list(dirnames):
            if is_case(here / name):
                found.append(((here / name).relative_to(root).as_posix(), here / name))
                dirnames.remove(name)
    return sorted(found)


# ---------------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    """A case run and compared: its diffs and problems, all empty when it matched."""

    name: str
    path: Path
    xfail: str | None = None
    result: Result | None = None  # None when the case could not be run
    text_diff: str = ""
    metadata_diff: str = ""
    problems: tuple[str, ...] = ()
    error: str | None = None

    @property
    def matches(self) -> bool:
        return self.error is None and not (self.text_diff or self.metadata_diff or self.problems)

    @property
    def status(self) -> Status:
        """As in pytest: a known failure that passes ("xpassed") counts as a failure (strict)."""
        if self.error is not None:
            return "error"
        if self.xfail is not None:
            return "xpassed" if self.matches else "xfailed"
        return "passed" if self.matches else "failed"

    @property
    def ok(self) -> bool:
        return self.status in ("passed", "xfailed")

    def report(self) -> str:
        """What to show the user: the error, the diffs and the other problems."""
        parts = [f"error: {self.error}"] if self.error is not None else []
        parts += [d.rstrip("\n") for d in (self.text_diff, self.metadata_diff) if d]
        parts += self.problems
        if self.status == "xpassed":
            parts.append(
                f"known failure now passes: remove `xfail` from its {META_FILE} (reason given: {self.xfail})"
            )
        return "\n".join(parts)


class Runner:
    """Runs cases with a base configuration; builds one Cleaner for each distinct configuration."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._cleaners: dict[Config, Cleaner] = {}

    def cleaner_for(self, case: Case) -> Cleaner:
        config = case.config(self.config)
        if config not in self._cleaners:
            self._cleaners[config] = Cleaner(config)
        return self._cleaners[config]

    def clean(self, case: Case) -> Result:
        """The case's current output; raises CleanerError (a bad rule file, an unreadable input)."""
        return self.cleaner_for(case).clean(case.read_input(), url=case.url)

    def check(self, case: Case) -> Outcome:
        """Run the case and compare; a CleanerError becomes the outcome's error."""
        try:
            return compare(case, self.clean(case))
        except CleanerError as exc:
            return Outcome(case.name, case.path, case.xfail, error=str(exc))


def compare(case: Case, result: Result) -> Outcome:
    """Compare an output with what the case pins, and check that every removal is traced."""
    expected_text = case.expected_text()
    expected_meta = case.expected_metadata()
    problems: list[str] = []
    text_diff = metadata_diff = ""
    if expected_text is None and expected_meta is None:
        problems.append(f"nothing to compare: no {EXPECTED_TEXT} or {EXPECTED_JSON} (`update` writes them)")
    current = f"{case.name} (current output)"
    if expected_text is not None and expected_text != result.text:
        text_diff = unified_diff(expected_text, result.text, f"{case.name}/{EXPECTED_TEXT}", current)
    if expected_meta is not None:
        got = pinned_metadata(result, expected_meta)
        if got != expected_meta:
            metadata_diff = unified_diff(
                _dump(expected_meta), _dump(got), f"{case.name}/{EXPECTED_JSON}", current
            )
    problems += [
        f"block {i} left the text without a rule in the trace: {result.blocks[i]!r}"
        for i in untraced_blocks(result)
    ]
    return Outcome(case.name, case.path, case.xfail, result, text_diff, metadata_diff, tuple(problems))


def pinned_metadata(result: Result, keys: Iterable[str]) -> dict[str, Any]:
    """The output's metadata as JSON values, for the given keys, in their order."""
    full = json.loads(json.dumps(result.metadata.to_dict(), ensure_ascii=False))
    return {key: full[key] for key in keys}


def untraced_blocks(result: Result) -> list[int]:
    """Input blocks that are not in the text and have no removal in the trace (should be none)."""
    kept = {paragraph.strip() for paragraph in result.text.split("\n\n")}
    traced = {removal.block for removal in result.removed}
    return [i for i, block in enumerate(result.blocks) if block.strip() not in kept and i not in traced]


def unified_diff(expected: str, actual: str, fromfile: str, tofile: str) -> str:
    """A unified diff of two texts that also shows a missing final newline; "" when equal."""
    return "".join(difflib.unified_diff(_lines(expected), _lines(actual), fromfile, tofile))


def _lines(text: str) -> list[str]:
    # str.splitlines would also split on form feeds and U+2028, which a text cleaner must see.
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1] + "\n\\ No newline at end of file\n")
    return lines


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary(outcomes: Iterable[Outcome]) -> str:
    """`N passed, N failed`, then `, N xfailed` when there are known failures."""
    counts = Counter(o.status for o in outcomes)
    failed = counts["failed"] + counts["xpassed"] + counts["error"]
    line = f"{counts['passed']} passed, {failed} failed"
    return f"{line}, {counts['xfailed']} xfailed" if counts["xfailed"] else line


# ---------------------------------------------------------------------------------------- writing


def accept(case: Case, result: Result) -> tuple[str, ...]:
    """Make the output the case's expected output; returns the names of the files changed.

    Only what the case pins is rewritten: expected.txt if it exists, and the keys present in
    expected.json. A case pinning nothing gets both files, with every metadata key. A known
    failure's marker is removed, since its output is now the expected one.
    """
    changed: list[str] = []
    if case.xfail is not None:  # first: when the marker cannot be removed, nothing is written
        _remove_xfail_marker(case.path / META_FILE)
        changed.append(META_FILE)
    expected_text = case.expected_text()
    expected_meta = case.expected_metadata()
    fresh = expected_text is None and expected_meta is None
    if fresh or (expected_text is not None and expected_text != result.text):
        case.expected_text_path.write_text(result.text, encoding="utf-8", newline="\n")
        changed.append(EXPECTED_TEXT)
    if fresh or expected_meta is not None:
        got = pinned_metadata(result, METADATA_KEYS if expected_meta is None else expected_meta)
        if got != expected_meta:
            case.expected_json_path.write_text(_dump(got), encoding="utf-8", newline="\n")
            changed.append(EXPECTED_JSON)
    return tuple(changed)


_XFAIL_LINE = re.compile(r"""^xfail[ \t]*=[ \t]*(?:"[^"\n]*"|'[^'\n]*')[ \t]*(?:#[^\n]*)?(?:\n|\Z)""", re.M)


def _remove_xfail_marker(path: Path) -> None:
    text = _read_utf8(path)
    head_end = re.search(r"^[ \t]*\[", text, re.M)  # the marker is a top-level key: before any table
    head = text[: head_end.start()] if head_end else text
    new_head, count = _XFAIL_LINE.subn("", head, count=1)
    new_text = new_head + text[len(head) :]
    before = tomllib.loads(text)
    before.pop("xfail", None)
    if count != 1 or tomllib.loads(new_text) != before:
        raise CaseError(path, "cannot remove the `xfail` line safely: remove it by hand")
    if new_text.strip():
        path.write_text(new_text, encoding="utf-8", newline="\n")
    else:
        path.unlink()


@dataclass(frozen=True)
class Update:
    """What `update` did to one case, and the diff of what changed (or why it did nothing)."""

    name: str
    path: Path
    status: UpdateStatus
    changed: tuple[str, ...] = ()
    report: str = ""


def update_case(runner: Runner, case: Case, *, include_xfail: bool = False) -> Update:
    """Rewrite a case's expected files from its current output; known failures only if asked."""
    if case.xfail is not None and not include_xfail:
        return Update(case.name, case.path, "skipped", report=f"known failure: {case.xfail}")
    outcome = runner.check(case)
    if outcome.error is not None or outcome.result is None:
        return Update(case.name, case.path, "error", report=outcome.report())
    try:
        changed = accept(case, outcome.result)
    except CaseError as exc:
        return Update(case.name, case.path, "error", report=f"error: {exc}")
    diffs = "\n".join(d.rstrip("\n") for d in (outcome.text_diff, outcome.metadata_diff) if d)
    if META_FILE in changed:
        diffs = "\n".join(filter(None, [diffs, f"{case.name}/{META_FILE}: removed the `xfail` marker"]))
    return Update(case.name, case.path, "updated" if changed else "unchanged", changed, diffs)


def add_case(document: Path, dest: Path, runner: Runner, *, url: str | None = None) -> Case:
    """Make a case folder from a document and its current output, for the user to correct by hand."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise CaseError(dest, "already exists: choose another name or remove it")
    document_text = read_document(document)  # decoded as `cleaner clean` decodes it; written as UTF-8
    input_name = "input.html" if document_text.html else "input.txt"
    dest.mkdir(parents=True, exist_ok=True)
    try:
        (dest / input_name).write_text(document_text.text, encoding="utf-8", newline="")
        if url:
            (dest / URL_FILE).write_text(url + "\n", encoding="utf-8")
        case = load_case(dest)
        accept(case, runner.clean(case))
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return case


# ---------------------------------------------------------------------------------------- projects


@dataclass(frozen=True)
class Project:
    """A project's `[tool.cleaner]` table: the base configuration and the fixture folders."""

    config: Config = field(default_factory=Config)
    fixtures: tuple[Path, ...] = ()
    path: Path | None = None  # the file it came from

    @classmethod
    def load(cls, path: Path) -> Project:
        """From a config file: a pyproject.toml's `[tool.cleaner]`, a `[cleaner]` table, or top level."""
        data = _read_toml(path)
        table = data.get("tool", {}).get("cleaner", data.get("cleaner", data))
        fixtures = table.get("fixtures", [])
        if not (isinstance(fixtures, list) and all(isinstance(f, str) for f in fixtures)):
            raise ConfigError(f"{path}: `fixtures` must be a list of folders")
        roots = tuple(Path(os.path.normpath(path.parent / f)) for f in fixtures)
        return cls(Config.from_toml(path), roots, path)

    @classmethod
    def from_pyproject(cls, path: Path) -> Project | None:
        """A pyproject.toml's project, or None when it has no `[tool.cleaner]` table."""
        if "cleaner" not in _read_toml(path).get("tool", {}):
            return None
        return cls.load(path)

    @classmethod
    def discover(cls, start: Path) -> Project:
        """The nearest pyproject.toml with a `[tool.cleaner]` table, at or above `start`."""
        start = start.absolute()
        for folder in (start, *start.parents):
            if (folder / "pyproject.toml").is_file():
                project = cls.from_pyproject(folder / "pyproject.toml")
                if project is not None:
                    return project
        return cls()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return data

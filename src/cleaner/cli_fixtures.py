"""The `cleaner fixtures` commands: check the golden cases, accept new output, add a case.

Each command parses its flags, calls one function of `cleaner.fixtures`, and turns library errors
into one line and an exit code: 0 all good, 1 a case failed or could not be written, 2 a usage
error (bad config, no cases where some were expected).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .errors import CleanerError
from .fixtures import (
    Case,
    CaseError,
    Outcome,
    Project,
    Runner,
    Update,
    add_case,
    find_cases,
    load_case,
    summary,
    update_case,
)

__all__ = ["fixtures_app"]

fixtures_app = typer.Typer(
    help="Golden fixture cases: check them, accept new output, add a case.",
    no_args_is_help=True,
    add_completion=False,
)

# Option bundles shared by the commands, written once.
Dirs = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Fixture folders (searched recursively for cases) or case folders. "
        "Default: the `fixtures` setting of tool.cleaner in the nearest pyproject.toml.",
        exists=True,
        file_okay=False,
        show_default=False,
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file (TOML) for the base configuration. "
        "Default: the tool.cleaner table of the nearest pyproject.toml.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]


def _fail(message: str, code: int) -> NoReturn:
    typer.secho(f"error: {message}", err=True, fg="red")
    raise typer.Exit(code)


def _project(config: Path | None) -> Project:
    try:
        return Project.load(config) if config else Project.discover(Path.cwd())
    except CleanerError as exc:
        _fail(str(exc), 2)


def _cases(dirs: list[Path] | None, project: Project) -> Iterator[tuple[Path, Case | str]]:
    """Every case folder under the folders, with its case or the error that keeps it from loading."""
    roots = dirs or list(project.fixtures)
    if not roots:
        _fail("no fixture folders given, and no `fixtures` under [tool.cleaner] in a pyproject.toml", 2)
    found = []
    for root in roots:
        try:
            cases = find_cases(root)
        except CaseError as exc:
            _fail(str(exc), 2)
        if not cases:
            _fail(f"no fixture cases under {root} (a case is a folder with input.txt or input.html)", 2)
        found += cases
    for name, path in found:
        try:
            yield path, load_case(path, name)
        except CaseError as exc:
            yield path, f"{_shown(exc.path)}: {exc.reason}"


def _shown(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when below it."""
    path = Path(path)
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _echo_diff(text: str) -> None:
    for line in text.splitlines():
        colour = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1])
        if line.startswith(("+++", "---")):
            colour = None
        typer.secho(line, fg=colour)


def _check_one(runner: Runner, case: Case) -> Outcome:
    try:
        return runner.check(case)
    except Exception:  # a bug in the cleaner: report it as this case's error and go on
        return Outcome(case.name, case.path, case.xfail, error=traceback.format_exc().rstrip())


@fixtures_app.command()
def check(
    dirs: Dirs = None,
    config: ConfigFile = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list passing cases.")] = False,
) -> None:
    """Run every case and show a diff of text and metadata for each mismatch; exit 1 on any failure."""
    project = _project(config)
    runner = Runner(project.config)
    outcomes: list[Outcome] = []
    for path, case in _cases(dirs, project):
        outcome = Outcome(path.name, path, error=case) if isinstance(case, str) else _check_one(runner, case)
        outcomes.append(outcome)
        label = _shown(outcome.path)
        status = outcome.status
        if status in ("failed", "xpassed", "error"):
            typer.secho(f"{status.upper()} {label}", fg="red", bold=True)
            _echo_diff(outcome.report())
        elif verbose:
            reason = f" ({outcome.xfail})" if status == "xfailed" else ""
            typer.secho(f"{status} {label}{reason}", fg="green" if status == "passed" else "yellow")
    line = summary(outcomes)
    all_ok = all(o.ok for o in outcomes)
    typer.secho(line, fg="green" if all_ok else "red", bold=True)
    raise typer.Exit(0 if all_ok else 1)


@fixtures_app.command()
def update(
    dirs: Dirs = None,
    config: ConfigFile = None,
    include_xfail: Annotated[
        bool,
        typer.Option(
            "--include-xfail",
            help="Also rewrite known-failure cases, and remove their `xfail` marker.",
        ),
    ] = False,
) -> None:
    """Rewrite the expected files from the current output and show what changed.

    Only what a case pins is rewritten (expected.txt if present, the keys present in
    expected.json); known-failure cases are skipped unless --include-xfail is given.
    """
    project = _project(config)
    runner = Runner(project.config)
    updates: list[Update] = []
    for path, case in _cases(dirs, project):
        if isinstance(case, str):
            done = Update(path.name, path, "error", report=f"error: {case}")
        else:
            try:
                done = update_case(runner, case, include_xfail=include_xfail)
            except Exception:  # a bug in the cleaner: report it as this case's error and go on
                done = Update(case.name, case.path, "error", report=traceback.format_exc().rstrip())
        updates.append(done)
        label = _shown(done.path)
        if done.status == "updated":
            typer.secho(f"updated {label}: {', '.join(done.changed)}", fg="yellow", bold=True)
            _echo_diff(done.report)
        elif done.status == "skipped":
            typer.echo(f"skipped {label} ({done.report})")
        elif done.status == "error":
            typer.secho(f"ERROR {label}", fg="red", bold=True)
            typer.echo(done.report)
    counts = {s: sum(u.status == s for u in updates) for s in ("updated", "unchanged", "skipped", "error")}
    line = f"{counts['updated']} updated, {counts['unchanged']} unchanged"
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped (known failures)"
    if counts["error"]:
        line += f", {counts['error']} errors"
    typer.secho(line, bold=True)
    raise typer.Exit(1 if counts["error"] else 0)


@fixtures_app.command()
def add(
    file: Annotated[
        Path,
        typer.Argument(help="The document: text or HTML.", exists=True, dir_okay=False, show_default=False),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The case folder to create: DIR/NAME.", show_default=False)
    ],
    url: Annotated[str | None, typer.Option("--url", help="The document's url (written to url.txt).")] = None,
    config: ConfigFile = None,
) -> None:
    """Make a case from a document and its current output, for you to correct by hand."""
    project = _project(config)
    try:
        case = add_case(file, output, Runner(project.config), url=url)
    except CleanerError as exc:
        _fail(str(exc), 1)
    files = sorted(os.listdir(case.path))
    typer.echo(f"added {_shown(case.path)}: {', '.join(files)}")
    typer.echo(
        "Correct expected.txt and expected.json by hand where the output is wrong, and delete the "
        "metadata keys you do not want to pin."
    )

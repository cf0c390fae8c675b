"""Every command of the CLI, down to the fixtures subcommands, has help text; so do the options of ours."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cleaner import __version__
from cleaner.cli import app, clean_app

runner = CliRunner()


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under a group, with the words that call it (typer brings its own click)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, (*path, name))


ALL = list(commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "cleaner" for p, _ in ALL])
def test_every_command_has_help(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"`cleaner {' '.join(path)}` has no help text"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_the_main_commands_are_there() -> None:
    assert {"clean", "explain", "rules", "fixtures"} <= {p[0] for p, _ in ALL if p}
    assert any(len(p) == 2 and p[0] == "fixtures" for p, _ in ALL)  # the subcommands are walked too


@pytest.mark.parametrize("name", ["clean", "explain", "rules"])
def test_every_option_has_help(name: str) -> None:
    options = [p for p in dict(ALL)[(name,)].params if p.param_type_name == "option"]
    assert options
    for option in options:
        assert (option.help or "").strip(), f"{name} {option.opts[0]} has no help"


def test_the_clean_script_has_help() -> None:
    result = runner.invoke(clean_app, ["--help"])
    assert result.exit_code == 0 and "--output" in result.stdout


def test_version_and_no_arguments() -> None:
    assert runner.invoke(app, ["--version"]).stdout == f"cleaner {__version__}\n"
    bare = runner.invoke(app, [])
    assert bare.exit_code in (0, 2) and "Commands:" in bare.output  # click 8.2+ exits 2

"""`cleaner explain`: each block with its fate and rule id, `--diff`, colour only on a terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import clean
from cleaner.cli import app
from cleaner.explain import block_fates, diff_lines

FIXTURES = Path(__file__).parent / "fixtures"
SEED_000 = next(FIXTURES.glob("seed_000_*")) / "input.txt"
SEED_004 = next(FIXTURES.glob("seed_004_*")) / "input.txt"

runner = CliRunner()


def explain(*args: str | Path, **kwargs: object) -> object:
    return runner.invoke(app, ["explain", *map(str, args)], **kwargs)  # type: ignore[arg-type]


def line_of(output: str, text: str) -> str:
    return next(line for line in output.splitlines() if line.rstrip().endswith(text))


def test_every_block_with_its_fate_and_rule() -> None:
    result = runner.invoke(app, ["explain", str(SEED_000)])
    assert result.exit_code == 0
    assert re.match(
        r"\s*18  dropped\s+share_buttons\s+SHARE THIS ARTICLE$", line_of(result.stdout, "SHARE THIS ARTICLE")
    )
    assert "moved   headline -> title" in line_of(
        result.stdout, "US military carries out strikes against Taliban in Afghanistan"
    )
    assert line_of(result.stdout, "(ANDSF).").split()[1] == "kept"
    blocks = len(clean(SEED_000.read_text()).blocks)
    assert result.stdout.splitlines()[-1].startswith(f"{blocks} blocks: ")
    assert len(result.stdout.splitlines()) == blocks + 1


def test_fates_are_a_view_of_the_trace() -> None:
    result = clean(SEED_004.read_text())
    fates = block_fates(result)
    assert [f.index for f in fates] == list(range(len(result.blocks)))
    for fate in fates:
        assert (fate.fate == "kept") == (not result.fate(fate.index))
    kept = [f.text for f in fates if f.fate == "kept"]
    assert "\n\n".join(kept) + "\n" == result.text


def test_diff() -> None:
    result = runner.invoke(app, ["explain", str(SEED_004), "--diff"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- input", "+++ output"]
    assert "-(With input from agencies)" in lines and "-Download" in lines
    assert not [line for line in lines if line.startswith("+") and not line.startswith("+++")]
    assert lines == diff_lines(clean(SEED_004.read_text()))


def test_diff_follows_the_switches() -> None:
    title = "U.S.: it is up to Afghans to defend country as Taliban advance"
    assert f"-{title}" in runner.invoke(app, ["explain", str(SEED_004), "--diff"]).stdout.splitlines()
    kept = runner.invoke(app, ["explain", str(SEED_004), "--diff", "--title-first-line"]).stdout.splitlines()
    assert f" {title}" in kept


def test_no_colour_off_a_terminal_and_colour_on_one() -> None:
    assert "\x1b[" not in runner.invoke(app, ["explain", str(SEED_000)]).stdout
    coloured = runner.invoke(app, ["explain", str(SEED_000)], env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert "\x1b[31m" in coloured.stdout  # dropped blocks in red
    assert "…" in coloured.stdout  # long blocks shortened to the terminal's width


def test_stdin() -> None:
    result = runner.invoke(app, ["explain", "-"], input=SEED_000.read_text())
    assert result.exit_code == 0 and "share_buttons" in result.stdout


@pytest.mark.parametrize(
    ("flags", "text", "expected"),
    [
        (["--disable", "share_buttons"], "SHARE THIS ARTICLE", "kept"),
        (["--keep-captions"], "Kunduz city, north of Kabul, Afghanistan. (File photo)", "kept"),
    ],
    ids=["disable", "keep-captions"],
)
def test_switches_change_the_fates(flags: list[str], text: str, expected: str) -> None:
    result = runner.invoke(app, ["explain", str(SEED_000), *flags])
    assert line_of(result.stdout, text).split()[1] == expected


def test_config_and_rules_files(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(
        "[[rules]]\nid = 'roku_line'\ndescription = 'Test: the Roku app line.'\n"
        "pattern = 'Press TV News Roku'\naction = 'drop'\n"
    )
    config = tmp_path / "cleaner.toml"
    config.write_text("[cleaner]\ndisabled_rules = ['share_buttons']\n")
    result = runner.invoke(app, ["explain", str(SEED_000), "--rules", str(rules), "--config", str(config)])
    assert "roku_line" in line_of(result.stdout, "Press TV News Roku")
    assert line_of(result.stdout, "SHARE THIS ARTICLE").split()[1] == "kept"


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["{tmp}/missing.txt"], 2, "missing.txt: no such file"),
        (["{tmp}/binary.bin"], 1, "binary.bin: binary file (NUL bytes)"),
        ([str(SEED_000), "--max-bytes", "1k"], 1, "too large: 3,022 bytes, over the 1,000-byte limit"),
    ],
    ids=["missing", "binary", "max-bytes"],
)
def test_errors_are_one_line(tmp_path: Path, args: list[str], status: int, message: str) -> None:
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["explain", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code == status
    assert result.stderr.startswith("cleaner: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

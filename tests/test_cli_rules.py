"""`cleaner rules`: the packs and their rules with ids and descriptions, then the pipeline's steps."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cleaner import Config
from cleaner.cleaner import build_pipeline
from cleaner.cli import app
from cleaner.rules.registry import Registry

runner = CliRunner()

USER_PACK = """
[pack]
name = "mine"
description = "My own residue."

[[rules]]
id = "my_promo"
description = "Test: our newsletter promo."
pattern = 'Get our newsletter'
action = "drop"
"""


def test_every_rule_and_step_is_listed() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    registry = Registry.from_config(Config())
    for pack in registry.packs:
        assert any(line.startswith(f"pack {pack.name}") for line in lines)
        for rule in pack.rules:
            line = next(line for line in lines if line.split()[:1] == [rule.id])
            assert rule.action.value in line and rule.description in line
    steps = lines[lines.index("pipeline steps, in order") + 1 :]
    assert [line.split()[0] for line in steps] == [s.id for s in build_pipeline(Config(), registry)]


def test_user_rules_come_first(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(USER_PACK)
    result = runner.invoke(app, ["rules", "--rules", str(pack)])
    assert result.stdout.startswith(
        "pack mine: My own residue.\n  my_promo  [drop, anywhere]  Test: our newsletter promo."
    )


def test_disabled_rules_are_marked(tmp_path: Path) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text("disabled_rules = ['byline']\n")
    for args in (["--disable", "share_buttons"], ["--config", str(config)]):
        result = runner.invoke(app, ["rules", *args])
        marked = [line.split()[0] for line in result.stdout.splitlines() if "(disabled)" in line]
        assert marked == (["share_buttons"] if args[0] == "--disable" else ["byline"])


def test_a_bad_rules_file_is_one_line(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text("[[rules]]\nid = 'x'\ndescription = 'd'\naction = 'drop'\npattern = '(unclosed'\n")
    result = runner.invoke(app, ["rules", "--rules", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cleaner: error: {pack}: rule x: bad pattern")
    assert len(result.stderr.strip().splitlines()) == 1

"""The examples folder: each document credited in its README, and all of them clean without a failure."""

from __future__ import annotations

from pathlib import Path

from cleaner import BatchOptions, run_batch

EXAMPLES = Path(__file__).parent.parent / "examples"
DOCUMENTS = sorted(p for p in EXAMPLES.glob("*/*") if p.is_file())


def test_every_example_is_listed_in_the_readme() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in readme and "Murrough Foley" in readme
    assert DOCUMENTS
    for path in DOCUMENTS:
        assert f"`{path.relative_to(EXAMPLES).as_posix()}`" in readme


def test_the_examples_clean(tmp_path: Path) -> None:
    summary = run_batch(
        sorted(p for p in EXAMPLES.iterdir() if p.is_dir()), tmp_path, options=BatchOptions(workers=1)
    )
    assert summary.ok and summary.written == len(DOCUMENTS)
    assert (tmp_path / "seeds/004_cgtn.txt").is_file() and (tmp_path / "html/4500_bgr.json").is_file()

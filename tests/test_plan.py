"""Planning a folder run: which documents to clean, to skip, and which fail for sharing an output."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import plan, run_batch
from cleaner.plan import Failure, Skip, plan_run
from cleaner.sources import find_sources

STORY = "A text dump of a story, long enough to be kept as a paragraph here.\n"


def write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(STORY)


def steps(inputs: list[Path], outdir: Path) -> list[Skip | Failure | None]:
    sources = find_sources(inputs)
    planned = plan_run(sources, outdir, "txt")
    return [planned.step(number, source) for number, source in enumerate(sources)]


def test_every_later_input_with_the_output_of_an_earlier_one_fails_naming_the_first(tmp_path: Path) -> None:
    write(tmp_path / "in", "a/x.html", "a/x.md", "a/x.txt", "a/x-1.txt", "b/x.txt")
    first = tmp_path / "in/a/x.html"
    assert steps([tmp_path / "in"], tmp_path / "out") == [
        None,  # a/x-1.txt
        None,  # a/x.html
        Failure(str(tmp_path / "in/a/x.md"), f"same output as {first}: rename one of the two"),
        Failure(str(tmp_path / "in/a/x.txt"), f"same output as {first}: rename one of the two"),
        None,  # b/x.txt: another folder, another output
    ]


def test_files_given_one_by_one_can_share_an_output(tmp_path: Path) -> None:
    write(tmp_path, "x.txt", "x.html")
    planned = steps([tmp_path / "x.txt", tmp_path / "x.html"], tmp_path / "out")
    assert planned[0] is None and isinstance(planned[1], Failure)
    assert planned[1].reason == f"same output as {tmp_path / 'x.txt'}: rename one of the two"


def test_names_that_only_look_seen_before_are_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan._NameBits, "add", lambda self, name: True)  # every name looks seen
    write(tmp_path / "in", "x.txt", "y.txt", "y.html", "z.txt")
    planned = steps([tmp_path / "in"], tmp_path / "out")
    assert [type(step).__name__ for step in planned] == ["NoneType", "NoneType", "Failure", "NoneType"]


def test_a_rerun_skips_the_first_input_and_still_fails_the_second(tmp_path: Path) -> None:
    write(tmp_path / "in", "x.html", "x.txt")
    first = run_batch([tmp_path / "in"], tmp_path / "out")
    again = run_batch([tmp_path / "in"], tmp_path / "out")
    assert (first.written, len(first.failures)) == (1, 1)
    assert (again.skipped, again.written, [f.path for f in again.failures]) == (
        1,
        0,
        [str(tmp_path / "in/x.txt")],
    )


def test_the_name_bits_know_every_name_seen_and_few_that_were_not() -> None:
    names = [f"site/{k // 100:03d}/{k:06d}" for k in range(5_000)]
    bits = plan._NameBits(len(names))
    looked_seen = sum(bits.add(name) for name in names)
    assert looked_seen <= 50  # about 1 in 200 at 16 bits a name
    assert all(bits.add(name) for name in names)

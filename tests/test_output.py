"""Output renderings (txt, jsonl, md) and atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import cleaner.output
from cleaner import Result, clean
from cleaner.output import (
    atomic_write,
    metadata_record,
    output_paths,
    render_jsonl_line,
    render_markdown,
    render_stream,
)

SEED = next((Path(__file__).parent / "fixtures").glob("seed_004_*")) / "input.txt"


@pytest.fixture(scope="module")
def result() -> Result:
    return clean(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("fmt", "paths"),
    [("txt", ("a/x.txt", "a/x.json")), ("md", ("a/x.md",)), ("jsonl", ())],
)
def test_output_paths(fmt: Any, paths: tuple[str, ...]) -> None:
    assert output_paths(Path("a/x.html"), fmt) == tuple(Path(p) for p in paths)


def test_metadata_record_has_schema_input_metadata_trace(result: Result) -> None:
    record = metadata_record(result, {"path": "a/x.txt"})
    assert list(record) == ["schema_version", "input", "metadata", "removed"]
    assert record["metadata"]["source"] == "CGTN"
    assert {r["rule"] for r in record["removed"]} >= {"related_links_list", "agency_attribution"}


def test_jsonl_line_reads_back_as_a_result(result: Result) -> None:
    line = render_jsonl_line(result, {"path": "x.txt"})
    assert line.endswith("\n") and "\n" not in line[:-1]
    record = json.loads(line)
    assert record["schema_version"] == 1 and record["input"] == {"path": "x.txt"}
    back = Result.from_dict(record)
    assert (back.text, back.metadata, back.removed) == (result.text, result.metadata, result.removed)


def test_markdown_front_matter_then_body(result: Result) -> None:
    page = render_markdown(result, {"path": "x.txt"})
    front, body = page.split("---\n\n", 1)
    assert front.startswith("---\n")
    assert 'title: "U.S.: it is up to Afghans to defend country as Taliban advance"\n' in front
    assert '  - text: "Pentagon spokesman' in front and '    credit: "AP"\n' in front
    assert "author:" not in front  # empty fields are left out
    assert 'input: "x.txt"' in front
    assert body == result.text


def test_markdown_scalars_are_quoted_yaml(result: Result) -> None:
    tricky = Result(text="Body\n", metadata=result.metadata.__class__(title='Say "no": #1\nnext'), removed=[])
    assert 'title: "Say \\"no\\": #1\\nnext"' in render_markdown(tricky)


def test_render_stream(result: Result) -> None:
    assert render_stream(result, "txt") == result.text
    assert json.loads(render_stream(result, "jsonl"))["text"] == result.text
    assert render_stream(result, "md") == render_markdown(result)


def test_atomic_write_creates_parents_and_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "x.txt"
    atomic_write(path, "hello\n")
    assert path.read_text() == "hello\n"
    assert path.stat().st_mode & 0o044 == 0o044  # readable by others, as a plain open() makes it
    assert os.listdir(path.parent) == ["x.txt"]


def test_atomic_write_interrupted_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.txt"
    path.write_text("old\n")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cleaner.output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, "new\n")
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["x.txt"]

"""Cleaning a folder from the library: `run_batch` writes, skips, reports and keeps its order."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest

from cleaner import BatchOptions, Config, Result, batch, batch_worker, learn_profile, run_batch
from cleaner.batch import Progress
from cleaner.batch_worker import Task
from corpus_docs import write_site

FIXTURES = Path(__file__).parent / "fixtures"
SEED_000 = next(FIXTURES.glob("seed_000_*"))
SEED_004 = next(FIXTURES.glob("seed_004_*"))


@pytest.fixture
def corpus(corpus: Path) -> Path:
    """The seeds' corpus (conftest) and a document that cannot be read."""
    (corpus / "broken.bin").write_bytes(b"\x00\x01\x02binary")
    return corpus


def test_summary_counts(corpus: Path, tmp_path: Path) -> None:
    summary = run_batch([corpus], tmp_path / "out", options=BatchOptions(workers=1))
    assert (summary.documents, summary.written, summary.skipped) == (3, 2, 0)
    assert [(f.path, f.reason) for f in summary.failures] == [
        (str(corpus / "broken.bin"), "binary file (NUL bytes)")
    ]
    assert summary.bytes_in == sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    assert summary.bytes_out == sum(p.stat().st_size for p in (tmp_path / "out").rglob("*.txt"))
    assert summary.blocks_removed > 0 and summary.removals_by_rule["share_buttons"] == 1
    assert summary.top_rules(1)[0][1] == max(summary.removals_by_rule.values())


def test_outputs_match_the_seeds(corpus: Path, tmp_path: Path) -> None:
    run_batch([corpus], tmp_path / "out", options=BatchOptions(workers=1))
    assert (tmp_path / "out/000.txt").read_text() == (SEED_000 / "expected.txt").read_text()
    assert (tmp_path / "out/sub/004.txt").read_text() == (SEED_004 / "expected.txt").read_text()


def test_errors_jsonl_lists_failures_and_a_clean_rerun_removes_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, options=BatchOptions(workers=1))
    lines = (out / "errors.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"path": str(corpus / "broken.bin"), "reason": "binary file (NUL bytes)"}
    ]
    (corpus / "broken.bin").unlink()
    assert run_batch([corpus], out).ok
    assert not (out / "errors.jsonl").exists()


def test_progress_is_reported_once_a_document_in_order(corpus: Path, tmp_path: Path) -> None:
    seen: list[Progress] = []
    run_batch([corpus], tmp_path / "out", options=BatchOptions(workers=2), on_progress=seen.append)
    assert [p.done for p in seen] == [1, 2, 3]
    assert [p.source.relative.as_posix() for p in seen] == ["000.txt", "broken.bin", "sub/004.txt"]
    assert seen[1].failure is not None and seen[-1].failed == 1


def test_parallel_run_writes_the_same_as_a_serial_one(corpus: Path, tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d"):
        (corpus / f"copy_{name}.txt").write_bytes((SEED_004 / "input.txt").read_bytes())
    serial = run_batch([corpus], tmp_path / "one", options=BatchOptions(format="jsonl", workers=1))
    parallel = run_batch([corpus], tmp_path / "two", options=BatchOptions(format="jsonl", workers=2))
    assert parallel.workers == 2
    assert (tmp_path / "one/documents.jsonl").read_bytes() == (tmp_path / "two/documents.jsonl").read_bytes()
    assert serial.to_dict() | {"seconds": 0, "outdir": "", "workers": 0} == parallel.to_dict() | {
        "seconds": 0,
        "outdir": "",
        "workers": 0,
    }


def test_jsonl_records_are_results_in_input_order(corpus: Path, tmp_path: Path) -> None:
    run_batch([corpus], tmp_path / "out", options=BatchOptions(format="jsonl"))
    records = [json.loads(line) for line in (tmp_path / "out/documents.jsonl").read_text().splitlines()]
    assert [r["input"]["path"] for r in records] == ["000.txt", "sub/004.txt"]
    assert Result.from_dict(records[1]).metadata.source == "CGTN"


def test_jsonl_rerun_reuses_fresh_records_and_redoes_changed_ones(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, options=BatchOptions(format="jsonl"))
    first = (out / "documents.jsonl").read_text()
    again = run_batch([corpus], out, options=BatchOptions(format="jsonl"))
    assert (again.skipped, again.written) == (2, 0)
    assert (out / "documents.jsonl").read_text() == first
    later = (out / "documents.jsonl").stat().st_mtime_ns + 1_000_000_000
    os.utime(corpus / "000.txt", ns=(later, later))
    third = run_batch([corpus], out, options=BatchOptions(format="jsonl"))
    assert (third.skipped, third.written) == (1, 1)
    assert (out / "documents.jsonl").read_text() == first


def test_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in/x.html").write_text("<html><body><p>An HTML page of a story.</p></body></html>")
    (tmp_path / "in/x.txt").write_text(
        "A text dump of a story, long enough to be kept as a paragraph here.\n"
    )
    summary = run_batch([tmp_path / "in"], tmp_path / "out")
    assert summary.written == 1
    assert [f.reason for f in summary.failures] == [
        f"same output as {tmp_path / 'in/x.html'}: rename one of the two"
    ]


class _DonePool:
    """Stands in for a process pool: does the work at once, and counts what it was handed."""

    def __init__(self) -> None:
        self.handed_out = 0

    def submit(self, work: Callable[[list[Task]], int], run: list[Task]) -> Future[int]:
        self.handed_out += 1
        future: Future[int] = Future()
        future.set_result(work(run))
        return future


def test_runs_are_handed_out_a_few_at_a_time_and_come_back_in_order() -> None:
    pool = _DonePool()
    tasks = [(str(k), str(k)) for k in range(10)]
    results = batch_worker._in_order(pool, len, batch_worker._runs(tasks, 3), ahead=2)  # type: ignore[arg-type]
    assert pool.handed_out == 2  # at once, before any result is asked for
    seen = []
    for size in results:
        seen.append(size)
        assert pool.handed_out <= len(seen) + 2
    assert seen == [3, 3, 3, 1] and pool.handed_out == 4


def test_many_small_shares_learn_the_profile_of_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_worker, "MAX_SHARE", 1)  # a share a document, one share a process at a time
    monkeypatch.setattr(batch_worker, "AHEAD", 1)
    write_site(tmp_path, "gazette", 7)
    write_site(tmp_path, "tribune", 5, seed=1)
    one = learn_profile([tmp_path], options=BatchOptions(workers=1))
    assert learn_profile([tmp_path], options=BatchOptions(workers=2)).to_bytes() == one.to_bytes()
    assert (one.documents("gazette/"), one.documents("tribune/")) == (7, 5)


def test_config_reaches_the_workers(corpus: Path, tmp_path: Path) -> None:
    config = Config(title_first_line=True)
    run_batch([corpus], tmp_path / "out", config=config, options=BatchOptions(workers=2))
    first_line = (tmp_path / "out/sub/004.txt").read_text().splitlines()[0]
    assert first_line == "U.S.: it is up to Afghans to defend country as Taliban advance"


@pytest.mark.parametrize(("documents", "processes"), [(1, 1), (2, 2), (5, 3)])
def test_a_run_starts_as_many_processes_as_asked_but_no_more_than_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: int, processes: int
) -> None:
    started: list[int] = []

    class CountingPool(batch.WorkerPool):
        def __init__(self, worker: batch_worker.Worker, processes: int) -> None:
            started.append(processes)
            super().__init__(worker, processes)

    monkeypatch.setattr(batch, "WorkerPool", CountingPool)
    for k in range(documents):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / f"in/{k}.txt").write_text(f"Story {k}: a paragraph long enough to be kept as one.\n")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", options=BatchOptions(workers=3))
    assert started == [processes] and summary.written == documents

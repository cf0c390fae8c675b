"""Cleaning a folder: documents in, a mirrored tree of outputs out, in parallel, never a partial file."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .batch_worker import Outcome, Worker, WorkerOptions, outcomes
from .cleaner import Cleaner
from .config import Config
from .io import DEFAULT_MAX_BYTES
from .output import JSONL_NAME, AtomicWriter, OutputFormat, output_paths
from .sources import Source, check_outdir, find_sources

__all__ = ["ERRORS_NAME", "BatchOptions", "BatchSummary", "Failure", "Progress", "run_batch"]

#: the file in OUTDIR that lists the documents of the last run that could not be cleaned
ERRORS_NAME = "errors.jsonl"


@dataclass(frozen=True)
class BatchOptions:
    """How a folder run reads, writes and spreads its work (what to clean is the `Config`)."""

    format: OutputFormat = "txt"
    workers: int | None = None  # processes; None: one a core
    force: bool = False  # redo documents whose outputs are newer than their input
    max_bytes: int | None = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Failure:
    """A document that could not be read or cleaned, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class Progress:
    """Where a run stands, passed to the progress callback after each document."""

    done: int
    total: int
    written: int
    skipped: int
    failed: int
    source: Source
    failure: Failure | None = None  # set when this document failed


@dataclass
class BatchSummary:
    """What a run did: documents, bytes, blocks removed by rule, failures."""

    outdir: Path
    format: OutputFormat
    documents: int = 0  # found
    written: int = 0
    skipped: int = 0  # outputs already newer than the input
    html: int = 0  # of the written ones, how many were HTML
    bytes_in: int = 0
    bytes_out: int = 0
    blocks: int = 0
    blocks_removed: int = 0
    removals_by_rule: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1

    @property
    def ok(self) -> bool:
        return not self.failures

    def top_rules(self, n: int = 10) -> list[tuple[str, int]]:
        """The rules that removed the most, most first, ties by id."""
        return sorted(self.removals_by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "outdir": str(self.outdir),
            "format": self.format,
            "documents": self.documents,
            "written": self.written,
            "skipped": self.skipped,
            "failed": len(self.failures),
            "html": self.html,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "blocks": self.blocks,
            "blocks_removed": self.blocks_removed,
            "removals_by_rule": dict(self.top_rules(len(self.removals_by_rule))),
            "failures": [f.to_dict() for f in self.failures],
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
        }


ProgressCallback = Callable[[Progress], None]


def _is_up_to_date(source: Source, outdir: Path, fmt: OutputFormat) -> bool:
    try:
        mtime = source.path.stat().st_mtime_ns
        return all((outdir / p).stat().st_mtime_ns >= mtime for p in output_paths(source.relative, fmt))
    except OSError:
        return False


def _previous_records(path: Path) -> tuple[dict[str, str], int]:
    """The records of an earlier jsonl run by input path, and the file's time (0: none)."""
    try:
        mtime = path.stat().st_mtime_ns
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return {}, 0
    records = {}
    for line in lines:
        try:
            records[json.loads(line)["input"]["path"]] = line
        except (ValueError, KeyError, TypeError):
            continue  # a damaged line is redone, not trusted
    return records, mtime


@dataclass(frozen=True)
class _Skip:
    """A document whose outputs are newer than it: nothing to do (jsonl: its earlier record)."""

    record: str = ""


def _plan(sources: list[Source], outdir: Path, options: BatchOptions) -> list[_Skip | Failure | None]:
    """For each source: skip it, a failure known before cleaning (two inputs, one output), or None."""
    fmt = options.format
    previous: dict[str, str] = {}
    previous_mtime = 0
    if fmt == "jsonl" and not options.force:
        previous, previous_mtime = _previous_records(outdir / JSONL_NAME)
    plan: list[_Skip | Failure | None] = []
    owners: dict[str, str] = {}  # output path without suffix -> the input that writes it
    for source in sources:
        if fmt == "jsonl":
            key = source.relative.as_posix()
            try:
                fresh = key in previous and source.path.stat().st_mtime_ns <= previous_mtime
            except OSError:
                fresh = False
            plan.append(_Skip(previous[key]) if fresh else None)
            continue
        owner = owners.setdefault(source.relative.with_suffix("").as_posix(), str(source.path))
        if owner != str(source.path):
            plan.append(Failure(str(source.path), f"same output as {owner}: rename one of the two"))
        elif not options.force and _is_up_to_date(source, outdir, fmt):
            plan.append(_Skip())
        else:
            plan.append(None)
    return plan


def run_batch(
    inputs: Sequence[str | Path],
    outdir: str | Path,
    *,
    config: Config | None = None,
    options: BatchOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> BatchSummary:
    """Clean every document under the inputs into OUTDIR; failures are reported, not raised.

    Raises `BatchError` before anything is written when an input is missing or OUTDIR is inside
    an input, `ConfigError`/`RuleError` for a bad config or rule file, and `KeyboardInterrupt`
    as it comes (every output written so far is whole; a rerun goes on where it stopped).
    """
    config = config or Config()
    options = options or BatchOptions()
    started = time.perf_counter()
    out = Path(outdir)
    sources = find_sources(inputs)
    check_outdir(inputs, out)
    cleaner = Cleaner(config)  # a bad rule file fails here, before any output
    out.mkdir(parents=True, exist_ok=True)
    plan = _plan(sources, out, options)
    tasks = [(str(s.path), str(s.relative)) for s, step in zip(sources, plan, strict=True) if step is None]
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(tasks)))
    summary = BatchSummary(outdir=out, format=options.format, documents=len(sources), workers=workers)
    writer = AtomicWriter()
    worker = Worker(cleaner, WorkerOptions(out, options.format, options.max_bytes), writer)
    sink: AbstractContextManager[TextIO | None] = (
        writer.open(out / JSONL_NAME) if options.format == "jsonl" else nullcontext()
    )
    try:
        with outcomes(tasks, worker, workers) as results, sink as stream:
            for done, (source, step) in enumerate(zip(sources, plan, strict=True), start=1):
                failure = _handle(summary, source, step, results, stream)
                if on_progress is not None:
                    on_progress(
                        Progress(
                            done=done,
                            total=len(sources),
                            written=summary.written,
                            skipped=summary.skipped,
                            failed=len(summary.failures),
                            source=source,
                            failure=failure,
                        )
                    )
        _write_errors(writer, out, summary.failures)
    finally:
        writer.discard()  # after an interruption: the temporary files of unfinished writes
    summary.seconds = time.perf_counter() - started
    return summary


def _handle(
    summary: BatchSummary,
    source: Source,
    step: _Skip | Failure | None,
    results: Iterator[Outcome],
    stream: TextIO | None,
) -> Failure | None:
    """Account for one document, in input order: a skip, a failure, or a written document."""
    failure = step if isinstance(step, Failure) else None
    if isinstance(step, _Skip):
        summary.skipped += 1
        if stream is not None:
            stream.write(step.record)
    elif step is None:
        outcome = next(results)
        if outcome.failure is not None:
            failure = Failure(str(source.path), outcome.failure)
        else:
            if stream is not None and outcome.record is not None:
                stream.write(outcome.record)
            _count(summary, outcome)
    if failure is not None:
        summary.failures.append(failure)
    return failure


def _count(summary: BatchSummary, outcome: Outcome) -> None:
    summary.written += 1
    summary.html += outcome.html
    summary.bytes_in += outcome.bytes_in
    summary.bytes_out += outcome.bytes_out
    summary.blocks += outcome.blocks
    summary.blocks_removed += outcome.blocks_removed
    summary.removals_by_rule.update(dict(outcome.removals))


def _write_errors(writer: AtomicWriter, outdir: Path, failures: list[Failure]) -> None:
    """OUTDIR/errors.jsonl lists this run's failures; a run without any removes an older list."""
    path = outdir / ERRORS_NAME
    if not failures:
        path.unlink(missing_ok=True)
        return
    writer.write(path, "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in failures))

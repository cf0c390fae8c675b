"""One worker of a folder run: reads, cleans and writes documents, in this process or in a pool."""

from __future__ import annotations

import json
import signal
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from .cleaner import Cleaner
from .config import Config
from .corpus import SiteProfile, folder_site
from .document import Result
from .errors import CleanerError, InputError
from .io import DEFAULT_MAX_BYTES, read_document
from .output import (
    AtomicWriter,
    OutputFormat,
    metadata_record,
    output_paths,
    render_jsonl_line,
    render_markdown,
)

__all__ = ["Outcome", "Worker", "WorkerOptions", "chunks", "learned", "outcomes"]

# Documents handed to a worker process at a time: enough to amortize the round trip, few enough
# that the workers finish together and that Ctrl-C does not wait long for the chunks under way.
MAX_CHUNK = 32


@dataclass(frozen=True)
class WorkerOptions:
    """What a worker needs besides the config: where and how to write, how much to read."""

    outdir: Path
    format: OutputFormat = "txt"
    max_bytes: int | None = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one document: counts and the jsonl record, or a failure."""

    failure: str | None = None
    record: str | None = None  # the jsonl line (the run writes the one jsonl file, in order)
    html: bool = False
    bytes_in: int = 0
    bytes_out: int = 0
    blocks: int = 0
    blocks_removed: int = 0
    removals: tuple[tuple[str, int], ...] = ()  # (rule id, removals) of this document


class Worker:
    """Reads, cleans and writes documents; one a process, its `Cleaner` built once.

    The worker writes its document's files itself, so that file creation, the slow part of
    writing, is spread over the processes; only the jsonl records go back to the run.
    """

    def __init__(self, cleaner: Cleaner, options: WorkerOptions, writer: AtomicWriter | None = None) -> None:
        self.cleaner = cleaner
        self.options = options
        self.writer = writer or AtomicWriter()

    def process(self, task: tuple[str, str]) -> Outcome:
        """Clean the document at `task = (path, path relative to OUTDIR)`; never raises on it."""
        path, relative = task
        try:
            doc = read_document(path, max_bytes=self.options.max_bytes)
            result = self.cleaner.clean(doc.text, site=folder_site(relative))
        except InputError as exc:
            return Outcome(failure=exc.reason)
        except Exception as exc:  # a bug on one document must not stop the run: it is reported
            return Outcome(failure=f"internal error: {type(exc).__name__}: {exc}")
        source = {"path": Path(relative).as_posix(), "encoding": doc.encoding, "html": doc.html}
        try:
            record = self._write(result, source, Path(relative))
        except OSError as exc:
            return Outcome(failure=f"cannot write its output: {exc.strerror or exc}")
        return Outcome(
            record=record,
            html=doc.html,
            bytes_in=doc.size,
            bytes_out=len(result.text.encode("utf-8")),
            blocks=len(result.blocks),
            blocks_removed=len({r.block for r in result.removed if r.action != "cut"}),
            removals=tuple(Counter(r.rule for r in result.removed).items()),
        )

    def learn(self, tasks: list[tuple[str, str]]) -> SiteProfile:
        """Corpus mode's first pass over some documents: their profile (a map step).

        A document that cannot be read is left out here; the cleaning pass reports it.
        """
        profile = SiteProfile()
        for path, relative in tasks:
            try:
                text = read_document(path, max_bytes=self.options.max_bytes).text
                self.cleaner.learn(text, profile, site=folder_site(relative))
            except Exception:  # reported by the cleaning pass, which reads it again
                continue
        return profile

    def _write(self, result: Result, source: dict[str, Any], relative: Path) -> str | None:
        fmt, outdir = self.options.format, self.options.outdir
        if fmt == "jsonl":
            return render_jsonl_line(result, source)
        paths = output_paths(relative, fmt)
        if fmt == "md":
            self.writer.write(outdir / paths[0], render_markdown(result, source))
        else:  # the metadata first: a document counts as done once its .txt is there
            meta = json.dumps(metadata_record(result, source), ensure_ascii=False, indent=2) + "\n"
            self.writer.write(outdir / paths[1], meta)
            self.writer.write(outdir / paths[0], result.text)
        return None


_WORKER: Worker | None = None  # the worker of a pool process, built once by `_init_process`


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _init_process(config: Config, options: WorkerOptions, profile: SiteProfile | None) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the run alone handles it, stops handing out work
    # and lets the workers finish the documents under way. SIGTERM stops a worker at once, its
    # file under way removed (an exception, not the default death).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _interrupt)
    _WORKER = Worker(Cleaner(config, profile=profile), options)


def _process_in_pool(task: tuple[str, str]) -> Outcome:
    assert _WORKER is not None, "worker process not initialized"
    return _WORKER.process(task)


def _learn_in_pool(tasks: list[tuple[str, str]]) -> SiteProfile:
    assert _WORKER is not None, "worker process not initialized"
    return _WORKER.learn(tasks)


def chunks(tasks: list[tuple[str, str]], parts: int) -> list[list[tuple[str, str]]]:
    """The tasks cut into at most `parts` runs of consecutive tasks, of sizes as equal as can be."""
    parts = max(1, min(parts, len(tasks)))
    size, extra = divmod(len(tasks), parts)
    cuts = [k * size + min(k, extra) for k in range(parts + 1)]
    return [tasks[cuts[k] : cuts[k + 1]] for k in range(parts)]


def learned(tasks: list[tuple[str, str]], worker: Worker, processes: int) -> SiteProfile:
    """Corpus mode's first pass: each process profiles a share of the documents (map), and their
    profiles are added up (reduce). Counts add, so the profile is the same for any split."""
    if processes <= 1 or len(tasks) <= 1:
        return worker.learn(tasks)
    initargs = (worker.cleaner.config, worker.options, None)
    pool = ProcessPoolExecutor(max_workers=processes, initializer=_init_process, initargs=initargs)
    try:
        profile = SiteProfile()
        # a few shares a process, so that one slow share does not keep the others waiting
        for part in pool.map(_learn_in_pool, chunks(tasks, processes * 4)):
            profile.update(part)
        return profile
    except BrokenProcessPool as exc:
        raise CleanerError(f"a worker process died ({exc}); rerun to go on where it stopped") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def outcomes(tasks: list[tuple[str, str]], worker: Worker, processes: int) -> Iterator[Iterator[Outcome]]:
    """The outcomes of the tasks in the tasks' order, from `processes` processes (or this one).

    The processes start here, at once, before the caller shows any progress: forking while
    another thread (a progress bar's) holds a lock can deadlock the child.
    """
    if processes <= 1 or len(tasks) <= 1:
        yield (worker.process(task) for task in tasks)
        return
    chunk = max(1, min(MAX_CHUNK, len(tasks) // (processes * 4)))
    initargs = (worker.cleaner.config, worker.options, worker.cleaner.profile)
    pool = ProcessPoolExecutor(max_workers=processes, initializer=_init_process, initargs=initargs)
    try:
        yield pool.map(_process_in_pool, tasks, chunksize=chunk)
    except BrokenProcessPool as exc:
        raise CleanerError(f"a worker process died ({exc}); rerun to go on where it stopped") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # after Ctrl-C: the chunks under way finish

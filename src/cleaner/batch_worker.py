"""One worker of a folder run: reads, cleans and writes documents, in this process or in a pool."""

from __future__ import annotations

import json
import os
import signal
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, TypeVar

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

__all__ = ["Outcome", "Task", "Worker", "WorkerOptions", "WorkerPool", "chunks"]

# Documents handed to a worker process at a time: enough to amortize the round trip, few enough
# that the workers finish together and that Ctrl-C does not wait long for the chunks under way.
MAX_CHUNK = 32
# Documents a worker profiles in one share of the first pass at most: the share's list of paths
# and the profile it sends back stay small however large the run; the run spills the shares to a
# file and adds them up a site at a time.
MAX_SHARE = 1_000
# Chunks (or shares) handed out a process at a time: enough that no process waits for work,
# few enough that the run holds neither the whole list of tasks nor results waiting their turn.
AHEAD = 4

Task = tuple[str, str]  # (path, path relative to OUTDIR)
_Result = TypeVar("_Result")


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

    def process(self, task: Task, chrome: SiteProfile | None = None) -> Outcome:
        """Clean the document at `task = (path, path relative to OUTDIR)`; never raises on it.

        `chrome`: the profile (its chrome lines) of corpus mode, else the cleaner's own.
        """
        path, relative = task
        try:
            doc = read_document(path, max_bytes=self.options.max_bytes)
            result = self.cleaner.clean(doc.text, site=folder_site(relative), profile=chrome)
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

    def learn(self, tasks: Iterable[Task]) -> SiteProfile:
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
_CHROME: tuple[str, SiteProfile | None] = ("", None)  # a pool process's chrome lines, and their file


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _init_process(config: Config, options: WorkerOptions) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the run alone handles it, stops handing out work
    # and lets the workers finish the documents under way. SIGTERM stops a worker at once, its
    # file under way removed (an exception, not the default death).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _interrupt)
    _WORKER = Worker(Cleaner(config), options)


def _started() -> None:
    """Nothing: the first task of a pool, which starts its processes."""


def _process_in_pool(tasks: list[Task], chrome_file: str) -> list[Outcome]:
    global _CHROME
    assert _WORKER is not None, "worker process not initialized"
    if chrome_file != _CHROME[0]:  # the pass's first chunk in this process: read its chrome lines
        _CHROME = (chrome_file, SiteProfile.load(chrome_file) if chrome_file else None)
    return [_WORKER.process(task, _CHROME[1]) for task in tasks]


def _learn_in_pool(tasks: list[Task]) -> SiteProfile:
    assert _WORKER is not None, "worker process not initialized"
    return _WORKER.learn(tasks)


def chunks(tasks: list[Task], parts: int) -> list[list[Task]]:
    """The tasks cut into at most `parts` runs of consecutive tasks, of sizes as equal as can be."""
    parts = max(1, min(parts, len(tasks)))
    size, extra = divmod(len(tasks), parts)
    cuts = [k * size + min(k, extra) for k in range(parts + 1)]
    return [tasks[cuts[k] : cuts[k + 1]] for k in range(parts)]


def _runs(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    """The tasks in runs of `size` consecutive tasks (the last one shorter), taken as they are asked for."""
    remaining = iter(tasks)
    while run := list(islice(remaining, size)):
        yield run


def _in_order(
    pool: ProcessPoolExecutor, work: Callable[[list[Task]], _Result], runs: Iterator[list[Task]], ahead: int
) -> Iterator[_Result]:
    """The results of `work` on each run, in the runs' order, at most `ahead` runs handed out at a time.

    The first runs are handed out here, at once, before the caller asks for a result.
    """
    pending: deque[Future[_Result]] = deque(pool.submit(work, run) for run in islice(runs, ahead))

    def results() -> Iterator[_Result]:
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(work, run) for run in islice(runs, 1))
            yield result

    return results()


class WorkerPool:
    """The processes of a folder run, serving both corpus passes (for one process: this one).

    The processes start when the pool is made, all at once: before the caller shows any
    progress, since forking while another thread (a progress bar's) holds a lock can deadlock
    the child; and before the run lists its documents, learns a profile or plans its outputs,
    since a forked process starts with its parent's memory (shared until written, but counted in
    each process's size).
    The cleaning pass's chrome lines reach each process once, through a temporary file named
    with each chunk of documents (as the Dask engine scatters them to each worker once). Tasks
    are handed out a few chunks a process at a time: the run never holds all of them, nor
    results waiting their turn.
    """

    def __init__(self, worker: Worker, processes: int) -> None:
        self.worker = worker  # works in this process when there is one; else its settings go to each
        self.processes = max(1, processes)
        self._pool: ProcessPoolExecutor | None = None
        self._files: list[Path] = []  # chrome files written for the processes
        if self.processes > 1:
            initargs = (worker.cleaner.config, worker.options)
            self._pool = ProcessPoolExecutor(self.processes, initializer=_init_process, initargs=initargs)
            self._pool.submit(_started)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
        if isinstance(exc, BrokenProcessPool):
            raise CleanerError(f"a worker process died ({exc}); rerun to go on where it stopped") from None

    def close(self) -> None:
        """Stop the processes (after Ctrl-C, once the chunks under way finish); remove the chrome files."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        for path in self._files:
            path.unlink(missing_ok=True)
        self._files.clear()

    def learned_shares(self, tasks: Iterable[Task], count: int) -> Iterator[SiteProfile]:
        """Corpus mode's first pass over `count` tasks: the profiles of shares of the documents, in
        order (the map; the caller adds them up, and counts add, so any split gives one profile)."""
        # a few shares a process at least, so that one slow share does not keep the others waiting
        share = max(1, min(MAX_SHARE, -(-count // (self.processes * 4))))
        if self._pool is None or count <= 1:
            return (self.worker.learn(run) for run in _runs(tasks, share))
        return _in_order(self._pool, _learn_in_pool, _runs(tasks, share), self.processes * AHEAD)

    def outcomes(self, tasks: Iterable[Task], count: int, chrome: SiteProfile | None) -> Iterator[Outcome]:
        """The outcomes of `count` tasks in the tasks' order, cleaned with these chrome lines (if any)."""
        if self._pool is None or count <= 1:
            return (self.worker.process(task, chrome) for task in tasks)
        work = partial(_process_in_pool, chrome_file=self._chrome_file(chrome))
        chunk = max(1, min(MAX_CHUNK, count // (self.processes * 4)))
        results = _in_order(self._pool, work, _runs(tasks, chunk), self.processes * AHEAD)
        return (outcome for run in results for outcome in run)

    def _chrome_file(self, chrome: SiteProfile | None) -> str:
        """A new file holding the chrome lines, for the processes to read ("": none)."""
        if chrome is None:
            return ""
        handle, name = tempfile.mkstemp(prefix="cleaner-chrome-", suffix=".bin")
        os.close(handle)
        self._files.append(Path(name))
        chrome.save(name)
        return name

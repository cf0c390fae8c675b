"""Cleaning a folder: documents in, a mirrored tree of outputs out, in parallel, never a partial file."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from .batch_worker import Outcome, Task, Worker, WorkerOptions, WorkerPool
from .cleaner import Cleaner
from .config import Config
from .corpus import SiteProfile, chrome_of
from .io import DEFAULT_MAX_BYTES
from .output import JSONL_NAME, AtomicWriter, OutputFormat
from .plan import Failure, Skip, plan_run
from .profile_file import ProfileSize, ShareSpill, SiteTables, write_profile
from .sources import Source, check_outdir, count_sources, find_sources

__all__ = [
    "ERRORS_NAME",
    "PROFILE_STAMP_NAME",
    "BatchOptions",
    "BatchSummary",
    "Engine",
    "Failure",
    "ProfileSize",
    "Progress",
    "learn_profile",
    "run_batch",
    "save_learned_profile",
]

#: the file in OUTDIR that lists the documents of the last run that could not be cleaned
ERRORS_NAME = "errors.jsonl"
#: the file in OUTDIR that names the site profile the outputs were cleaned with (a digest)
PROFILE_STAMP_NAME = ".cleaner-profile"
_NO_PROFILE = "none"

Engine = Literal["local", "dask"]


@dataclass(frozen=True)
class BatchOptions:
    """How a folder run reads, writes and spreads its work (what to clean is the `Config`)."""

    format: OutputFormat = "txt"
    workers: int | None = None  # processes; None: one a core
    force: bool = False  # redo documents whose outputs are newer than their input
    max_bytes: int | None = DEFAULT_MAX_BYTES
    corpus: bool = True  # learn a site profile from the inputs first (when none is given)
    engine: Engine = "local"  # "local": a process pool here; "dask": a Dask cluster
    scheduler: str | None = None  # the Dask scheduler's address; None: a local cluster for the run


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
    profile_sites: int = 0  # corpus mode: sites in the profile the documents were cleaned with
    profile_documents: int = 0  # and the documents it counts

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
            "profile_sites": self.profile_sites,
            "profile_documents": self.profile_documents,
        }


ProgressCallback = Callable[[Progress], None]


def _tasks(sources: Iterable[Source]) -> Iterator[Task]:
    return ((str(s.path), str(s.relative)) for s in sources)


def _workers(options: BatchOptions, tasks: int) -> int:
    return max(1, min(options.workers or os.cpu_count() or 1, tasks))


def _local_pool(
    config: Config,
    options: BatchOptions,
    worker: WorkerOptions,
    writer: AtomicWriter,
    inputs: Sequence[str | Path],
) -> WorkerPool:
    """The run's processes, started now, before the run lists its documents (a forked process
    counts its parent's memory as its own), as many as asked for but no more than there are
    documents, which a quick look counts that far; none on Dask."""
    if options.engine == "dask":
        processes = 1
    else:
        asked = options.workers or os.cpu_count() or 1
        processes = max(1, count_sources(inputs, at_most=asked))
    return WorkerPool(Worker(Cleaner(config), worker, writer), processes)


@contextmanager
def _learned(
    sources: Sequence[Source], config: Config, options: BatchOptions, pool: WorkerPool
) -> Iterator[Iterator[SiteTables]]:
    """The first pass on the chosen engine: the profile of the documents (map, then reduce), given
    a site at a time in key order.

    On the local engine, each share's profile is spilled to a temporary file as it comes back and
    the shares are added up a site at a time, so the run never holds the whole profile (on Dask
    the cluster adds them up and sends the whole back).
    """
    if options.engine == "dask":
        from .batch_dask import dask_learned

        yield dask_learned(list(_tasks(sources)), config, options).site_tables()
        return
    with ShareSpill() as spill:
        for share in pool.learned_shares(_tasks(sources), len(sources)):
            spill.add(share.site_tables())
        yield spill.merged()


def _chrome_to_use(
    sources: Sequence[Source],
    config: Config,
    options: BatchOptions,
    profile: SiteProfile | None,
    pool: WorkerPool,
) -> SiteProfile | None:
    """The chrome lines the cleaning pass goes by: those of the given profile, else, in corpus
    mode, of one learned from the sources; None when there are none.

    They alone go on (the rest of a profile cannot change an output): a learned profile, the
    largest thing a run computes, is taken a site at a time and each site let go once its chrome
    lines are taken.
    """
    bounds = (config.corpus_min_docs, config.corpus_min_share)
    if profile is not None:
        chrome = profile.chrome(*bounds)
    elif not options.corpus:
        return None
    else:
        with _learned(sources, config, options, pool) as sites:
            chrome = chrome_of(sites, *bounds)
    return chrome if chrome else None  # no chrome at all: the same as no profile


def learn_profile(
    inputs: Sequence[str | Path], *, config: Config | None = None, options: BatchOptions | None = None
) -> SiteProfile:
    """Corpus mode's first pass alone: the site profile of every document under the inputs.

    A document is counted under its url's domain, else the outlet it names, else its folder
    below the inputs' common folder (`a/` for `IN/a/x.txt`). Documents that cannot be read are
    left out. `BatchError` for a missing input; `ConfigError`/`RuleError` for bad settings.
    (`save_learned_profile` writes it to a file without holding it whole.)
    """
    with _learning(inputs, config, options) as sites:
        return SiteProfile.from_sites(sites)


def save_learned_profile(
    inputs: Sequence[str | Path],
    path: str | Path,
    *,
    config: Config | None = None,
    options: BatchOptions | None = None,
) -> ProfileSize:
    """`learn_profile(inputs).save(path)`, the same bytes, written a site at a time as the learned
    shares are added up: a large corpus's profile is never held whole (on the local engine)."""
    with _learning(inputs, config, options) as sites:
        return write_profile(path, sites)


@contextmanager
def _learning(
    inputs: Sequence[str | Path], config: Config | None, options: BatchOptions | None
) -> Iterator[Iterator[SiteTables]]:
    """The first pass alone on the inputs, its profile given a site at a time."""
    config = config or Config()
    options = options or BatchOptions()
    worker = WorkerOptions(Path("."), options.format, options.max_bytes)
    # a bad rule file fails here, before any work
    with _local_pool(config, options, worker, AtomicWriter(), inputs) as pool:
        sources = find_sources(inputs)
        with _learned(sources, config, options, pool) as sites:
            yield sites


def _profile_since(outdir: Path, digest: str, writer: AtomicWriter) -> int:
    """Since when (ns) the outputs in OUTDIR have been cleaned with the profile of this digest.

    OUTDIR/.cleaner-profile names the profile (`none`: without one); when it changes, the file is
    written anew before any output, and its time tells the outputs cleaned with the old profile
    (older) from those cleaned with the new one, even after an interrupted run.
    """
    path = outdir / PROFILE_STAMP_NAME
    try:
        previous = path.read_text(encoding="utf-8").strip() or _NO_PROFILE
    except OSError:
        previous = _NO_PROFILE  # outputs of a run from before corpus mode, or none at all
    if previous == digest:
        return path.stat().st_mtime_ns if path.exists() else 0
    writer.write(path, digest + "\n")
    return path.stat().st_mtime_ns


def run_batch(
    inputs: Sequence[str | Path],
    outdir: str | Path,
    *,
    config: Config | None = None,
    options: BatchOptions | None = None,
    on_progress: ProgressCallback | None = None,
    profile: SiteProfile | None = None,
) -> BatchSummary:
    """Clean every document under the inputs into OUTDIR; failures are reported, not raised.

    Corpus mode: with a `profile`, or when `options.corpus` (the default) and none is given, in
    which case a first pass learns one from the inputs, lines that a site repeats across its
    documents leave as chrome. Outputs are the same for any number of workers, any engine and any
    order of the inputs. Outputs already newer than their input are redone all the same when
    the profile (its chrome lines) differs from the one they were cleaned with
    (`OUTDIR/.cleaner-profile`).

    Raises `BatchError` before anything is written when an input is missing or OUTDIR is inside
    an input, `ConfigError`/`RuleError` for a bad config or rule file, and `KeyboardInterrupt`
    as it comes (every output written so far is whole; a rerun goes on where it stopped).
    """
    config = config or Config()
    options = options or BatchOptions()
    started = time.perf_counter()
    out = Path(outdir)
    check_outdir(inputs, out)  # and `BatchError` for a missing input, before any process starts
    writer = AtomicWriter()
    worker_options = WorkerOptions(out, options.format, options.max_bytes)
    try:
        # a bad rule file fails here, before any output
        with _local_pool(config, options, worker_options, writer, inputs) as pool:
            summary = _run(find_sources(inputs), config, options, profile, pool, writer, on_progress)
    finally:
        writer.discard()  # after an interruption: the temporary files of unfinished writes
    summary.seconds = time.perf_counter() - started
    return summary


def _run(
    sources: Sequence[Source],
    config: Config,
    options: BatchOptions,
    profile: SiteProfile | None,
    pool: WorkerPool,
    writer: AtomicWriter,
    on_progress: ProgressCallback | None,
) -> BatchSummary:
    """Both passes of `run_batch`, once its documents are known and its processes started."""
    out = pool.worker.options.outdir  # where the workers write
    used = _chrome_to_use(sources, config, options, profile, pool)
    out.mkdir(parents=True, exist_ok=True)
    since = _profile_since(out, used.digest() if used is not None else _NO_PROFILE, writer)
    plan = plan_run(sources, out, options.format, force=options.force, since=since)
    to_clean = plan.to_clean
    tasks = _tasks(s for number, s in enumerate(sources) if plan.cleans(number))
    summary = BatchSummary(
        outdir=out, format=options.format, documents=len(sources), workers=_workers(options, to_clean)
    )
    if used is not None:
        summary.profile_sites = len(used.sites)
        summary.profile_documents = sum(used.documents(site) for site in used.sites)
    sink: AbstractContextManager[TextIO | None] = (
        writer.open(out / JSONL_NAME) if options.format == "jsonl" else nullcontext()
    )
    with _outcomes(tasks, to_clean, config, used, options, pool) as results, sink as stream:
        for number, source in enumerate(sources):
            failure = _handle(summary, source, plan.step(number, source), results, stream)
            if on_progress is not None:
                on_progress(
                    Progress(
                        done=number + 1,
                        total=len(sources),
                        written=summary.written,
                        skipped=summary.skipped,
                        failed=len(summary.failures),
                        source=source,
                        failure=failure,
                    )
                )
    _write_errors(writer, out, summary.failures)
    return summary


def _outcomes(
    tasks: Iterator[Task],
    count: int,
    config: Config,
    chrome: SiteProfile | None,
    options: BatchOptions,
    pool: WorkerPool,
) -> AbstractContextManager[Iterator[Outcome]]:
    """The second pass on the chosen engine: each document's outcome, in the tasks' order."""
    if options.engine == "dask":
        from .batch_dask import dask_outcomes

        return dask_outcomes(list(tasks), config, chrome, pool.worker.options, options)
    return nullcontext(pool.outcomes(tasks, count, chrome))


def _handle(
    summary: BatchSummary,
    source: Source,
    step: Skip | Failure | None,
    results: Iterator[Outcome],
    stream: TextIO | None,
) -> Failure | None:
    """Account for one document, in input order: a skip, a failure, or a written document."""
    failure = step if isinstance(step, Failure) else None
    if isinstance(step, Skip):
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

"""The Dask engine of a folder run: both corpus passes as maps over partitions on a Dask cluster.

Optional (`pip install cleaner[dask]`): Dask is imported here only, when the engine is chosen.
The first pass maps each partition of the documents to its site profile and reduces them by
adding counts; the second maps each partition to its documents' outcomes, the workers writing
the output files themselves (OUTDIR must be reachable from them, as on a shared file system).
The outcomes come back in the documents' order, so the run writes what the local engine writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch_worker import Outcome, Task, Worker, WorkerOptions, chunks
from .cleaner import Cleaner
from .config import Config
from .corpus import SiteProfile
from .errors import CleanerError

if TYPE_CHECKING:
    from .batch import BatchOptions

__all__ = ["dask_learned", "dask_outcomes"]

# Documents a partition holds at most: enough that building a `Cleaner` (compiling the rules)
# is a small part of a partition's time, few enough that the workers stay evenly busy.
PARTITION_SIZE = 256
# Profiles merged by one reduce task: a tree of merges instead of one task adding them all.
REDUCE_FAN_IN = 8


@contextmanager
def _client(options: BatchOptions) -> Iterator[Any]:
    """A client of the given scheduler, or of a local cluster started for the run."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CleanerError(
            "the dask engine needs Dask: pip install 'cleaner[dask]' (or use --engine local)"
        ) from None
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise CleanerError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
        with client:
            yield client
        return
    workers = options.workers or os.cpu_count() or 1
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _partitions(tasks: list[Task]) -> list[list[Task]]:
    return chunks(tasks, -(-len(tasks) // PARTITION_SIZE))


def _learn_partition(tasks: list[Task], config: Config, worker_options: WorkerOptions) -> SiteProfile:
    return Worker(Cleaner(config), worker_options).learn(tasks)


def _merge(*profiles: SiteProfile) -> SiteProfile:
    return SiteProfile.merge(profiles)


def dask_learned(tasks: list[Task], config: Config, options: BatchOptions) -> SiteProfile:
    """The first pass on Dask: a profile a partition (map), added up in a tree of merges (reduce)."""
    if not tasks:
        return SiteProfile()
    worker_options = WorkerOptions(outdir=Path(os.curdir), max_bytes=options.max_bytes)
    with _client(options) as client:
        parts = client.map(
            _learn_partition, _partitions(tasks), config=config, worker_options=worker_options, pure=False
        )
        while len(parts) > 1:
            parts = [
                client.submit(_merge, *parts[k : k + REDUCE_FAN_IN], pure=False)
                for k in range(0, len(parts), REDUCE_FAN_IN)
            ]
        profile: SiteProfile = parts[0].result()
        return profile


def _clean_partition(
    tasks: list[Task], config: Config, profile: SiteProfile | None, worker_options: WorkerOptions
) -> list[Outcome]:
    worker = Worker(Cleaner(config, profile=profile), worker_options)
    return [worker.process(task) for task in tasks]


@contextmanager
def dask_outcomes(
    tasks: list[Task],
    config: Config,
    profile: SiteProfile | None,
    worker_options: WorkerOptions,
    options: BatchOptions,
) -> Iterator[Iterator[Outcome]]:
    """The second pass on Dask: the outcomes of the tasks in the tasks' order."""
    if not tasks:
        yield iter(())
        return
    with _client(options) as client:
        # the profile goes to every worker once, not with every partition
        shared = client.scatter(profile, broadcast=True) if profile is not None else None
        futures = client.map(
            _clean_partition,
            _partitions(tasks),
            config=config,
            profile=shared,
            worker_options=worker_options,
            pure=False,  # it writes files: never skipped as a result already known
        )

        def in_order() -> Iterator[Outcome]:
            for future in futures:
                yield from future.result()
                future.release()  # the partition's outcomes leave the cluster's memory

        try:
            yield in_order()
        finally:
            client.cancel(futures)

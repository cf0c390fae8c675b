"""Times `Cleaner().clean` on the WCXB text dump, one process and one core, beside C4 rules and ftfy."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable, Sequence

import peers
import wcxb

Run = Callable[[str], object]


def best_time(
    run: Run, documents: Sequence[str], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The fastest of `repeat` passes over the stream of documents, in seconds of `clock`."""
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        for document in documents:
            run(document)
        best = min(best, clock() - start)
    return best


def cleaner_run() -> Run | str:
    """`Cleaner().clean` of the checkout's src/, built once; a message when it can't be imported."""
    src = str(wcxb.REPO / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    try:
        from cleaner import Cleaner
    except Exception as error:  # the library is being written: report instead of failing
        return f"cannot import cleaner ({type(error).__name__}: {error})"
    return Cleaner().clean


def ftfy_run() -> Run | str:
    """`ftfy.fix_text` with its defaults: the cost of fixing the text alone, for scale."""
    try:
        import ftfy
    except ImportError as error:
        return f"ftfy not installed ({error})"
    return ftfy.fix_text


def systems() -> list[tuple[str, Run | str]]:
    """The timed systems, in table order; a string instead of a runner says why it can't run."""
    return [
        ("cleaner Cleaner().clean", cleaner_run()),
        ("C4-style line rules", peers.c4_line_rules),
        ("ftfy.fix_text", ftfy_run()),
    ]


def profile(run: Run, documents: Sequence[str], top: int = 25) -> None:
    """One pass under cProfile, then the top functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for document in documents:
        run(document)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    wcxb.add_data_argument(parser)
    parser.add_argument(
        "--input", choices=("text-body", "text-page"), default="text-body", help="text dump to time"
    )
    parser.add_argument("--repeat", type=int, default=5, help="passes over the stream; the best counts")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the cleaner and print the top 25 by cumulative time",
    )
    wcxb.add_clock_argument(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.repeat < 1:
        print("error: --repeat must be at least 1", file=sys.stderr)
        return 2
    try:
        documents = list(wcxb.load_texts(args.data, args.input).values())[: args.limit]
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    heading = f"{len(documents)} documents, {megabytes:.2f} MB, best of {args.repeat}, {args.clock} time"
    print(f"{args.input}: {heading}")
    print(f"{'system':26}  {'MB/s':>8}  {'docs/s':>9}  {'seconds':>8}")
    runs = systems()
    for name, run in runs:
        if isinstance(run, str):
            print(f"{name:26}  skipped: {run}")
            continue
        seconds = best_time(run, documents, args.repeat, wcxb.CLOCKS[args.clock])
        print(f"{name:26}  {megabytes / seconds:8.2f}  {len(documents) / seconds:9.1f}  {seconds:8.3f}")
    cleaner = runs[0][1]
    if args.profile and not isinstance(cleaner, str):
        profile(cleaner, documents)
    print(f"\n{wcxb.CREDIT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

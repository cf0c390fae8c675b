"""Times `cleaner clean` on a folder of 5,000 text documents with one worker and with all of them.

The folder is generated in a temporary directory from WCXB's `text-body` records (the article
container as text, the way a news scraper's output looks), cycled until there are enough, 500 a
subfolder. Each run is a fresh `cleaner clean IN -o OUT -q` process, so the times include start-up
and writing the outputs, as a user would see them. Each setting runs `--repeat` times, in turns,
and the best time counts: other work on the machine only ever slows a run down.

    python benchmarks/throughput.py [--data DIR] [--docs 5000] [--workers N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wcxb import add_data_argument

CREDIT = "Data: WCXB (Web Content eXtraction Benchmark), Murrough Foley, 2026, CC-BY-4.0."
PER_FOLDER = 500


def build_folder(data: Path, folder: Path, docs: int) -> int:
    """Write `docs` documents cycled from text-body.jsonl.gz; returns the bytes written."""
    with gzip.open(data / "text-body.jsonl.gz", "rt", encoding="utf-8") as lines:
        texts = [t for t in (json.loads(line)["text"] for line in lines if line.strip()) if t.strip()]
    if not texts:
        raise SystemExit(f"{data}: no text-body records")
    total = 0
    for n in range(docs):
        path = folder / f"{n // PER_FOLDER:03d}" / f"{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = texts[n % len(texts)]
        total += path.write_text(body if body.endswith("\n") else body + "\n", encoding="utf-8")
    return total


def cleaner_command() -> list[str]:
    """The installed `cleaner` script beside this Python, else `python -m cleaner`."""
    script = Path(sys.executable).with_name("cleaner")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleaner"]


def time_run(inputs: Path, outdir: Path, workers: int) -> tuple[float, float]:
    """Wall-clock seconds of one run, and the CPU seconds its processes used."""
    command = [*cleaner_command(), "clean", str(inputs), "-o", str(outdir), "-j", str(workers), "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*command, "--force"], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser)
    parser.add_argument("--docs", type=int, default=5000, help="documents to generate (default 5000)")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="workers of the parallel run (default: cores)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each setting; the best counts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cleaner-throughput-") as tmp:
        inputs, outdir = Path(tmp) / "in", Path(tmp) / "out"
        size = build_folder(args.data, inputs, args.docs)
        print(f"{args.docs} documents, {size / 1e6:.1f} MB of text, in {inputs}")
        # Another busy process on the machine takes cores from the parallel run: say so.
        print(f"load average before the runs: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
        settings = list(dict.fromkeys((1, args.workers)))
        times: dict[int, list[tuple[float, float]]] = {w: [] for w in settings}
        for _ in range(args.repeat):
            for workers in settings:
                times[workers].append(time_run(inputs, outdir, workers))
                written = sum(1 for _ in outdir.rglob("*.txt"))
                if written != args.docs:
                    raise SystemExit(f"expected {args.docs} outputs, found {written}")
        best = {w: min(times[w]) for w in settings}
        for workers, (seconds, cpu) in best.items():
            all_runs = ", ".join(f"{wall:.1f}" for wall, _ in times[workers])
            print(
                f"-j {workers}: {seconds:6.1f} s  {args.docs / seconds:7.1f} docs/s  "
                f"{size / 1e6 / seconds:5.2f} MB/s  ({cpu:.1f} CPU s; runs: {all_runs} s)"
            )
        if len(settings) > 1:
            speed_up = best[1][0] / best[args.workers][0]
            print(f"speed-up with {args.workers} workers: {speed_up:.2f}x")
        print(f"cpu: {os.cpu_count()} cores; python {sys.version.split()[0]}")
        print(CREDIT)


if __name__ == "__main__":
    main()

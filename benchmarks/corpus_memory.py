"""Peak memory of corpus mode on 10,000 and 100,000 documents: `cleaner learn`, two-pass `cleaner clean`.

The documents are written to a temporary folder from site-corpora-dev: document n takes the
chrome (the lines before and after the body, as the gold tells them) of a page of site n % 12,
and a body of 8 to 30 paragraphs drawn at random from the bodies of all 355 gold documents; so
the folder holds the 12 sites' chrome around ever new combinations of real paragraphs, the
way a large folder of a few sites looks. Each run is a fresh `cleaner` process; its memory is
sampled every 0.1 s: the process and its workers together (RSS summed), and the largest single
process. Line hashes held by the profile are
printed too: the profile grows with the number of distinct lines (see the README).

    python benchmarks/corpus_memory.py [--data DIR] [--sizes 10000 100000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil  # installed with dask[distributed], in the dev extra

from cleaner import SiteProfile

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "site-corpora-dev"
CREDIT = "Data: site-corpora-dev, built from WCXB, Murrough Foley, 2026, CC-BY-4.0."
PER_FOLDER = 1000  # documents a subfolder of a site, as a crawl shards its output


def _split(text: str, gold: set[str]) -> tuple[list[str], list[str]]:
    """The chrome above the body and below it: input lines before the first and after the last gold line."""
    lines = [line for line in text.splitlines() if line.strip()]
    body = [k for k, line in enumerate(lines) if line.strip() in gold]
    if not body:
        return lines, []
    return lines[: body[0]], lines[body[-1] + 1 :]


def build(data: Path, folder: Path, documents: int, seed: int = 0) -> int:
    """Write the documents; returns the bytes written."""
    rng = random.Random(seed)
    pages: dict[str, list[tuple[list[str], list[str]]]] = {}
    pool: list[str] = []
    for path in sorted((data / "input").rglob("*.txt")):
        relative = path.relative_to(data / "input")
        gold_lines = [
            line.strip() for line in (data / "gold" / relative).read_text().splitlines() if line.strip()
        ]
        pool.extend(gold_lines)
        pages.setdefault(relative.parts[0], []).append(_split(path.read_text(), set(gold_lines)))
    sites = sorted(pages)
    written = 0
    for n in range(documents):
        site = sites[n % len(sites)]
        head, tail = rng.choice(pages[site])
        body = rng.sample(pool, rng.randint(8, 30))
        path = folder / site / f"{n // (PER_FOLDER * len(sites)):03d}" / f"{n:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        written += path.write_text("\n\n".join(head + body + tail) + "\n", encoding="utf-8")
    return written


def measured(command: list[str]) -> tuple[float, float, float]:
    """Seconds, peak RSS of the process tree (MB), peak RSS of its largest process (MB), sampled."""
    started = time.perf_counter()
    process = subprocess.Popen(command)
    peak = largest = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
                peak, largest = max(peak, sum(sizes)), max(largest, *sizes)
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if process.wait() != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    done.set()
    sampler.join()
    return time.perf_counter() - started, peak / 1e6, largest / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="default: %(default)s")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    cleaner = [str(Path(sys.executable).with_name("cleaner"))]
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="cleaner-memory-") as tmp:
            inputs, outdir, profile = Path(tmp) / "in", Path(tmp) / "out", Path(tmp) / "profile.bin"
            size_bytes = build(args.data, inputs, size)
            jobs = ["-j", str(args.workers)]
            learn = measured([*cleaner, "learn", str(inputs), "-o", str(profile), *jobs])
            hashes = len(SiteProfile.load(profile))
            both = measured([*cleaner, "clean", str(inputs), "-o", str(outdir), "-q", *jobs])
            rows.append((size, size_bytes, hashes, profile.stat().st_size, learn, both))
            shutil.rmtree(outdir)
    print("| documents | input | line hashes | profile | pass | seconds | peak RSS, all | largest process |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for size, size_bytes, hashes, file_size, learn, both in rows:
        for name, (seconds, tree, largest) in (("learn", learn), ("learn + clean", both)):
            print(
                f"| {size:,} | {size_bytes / 1e9:.2f} GB | {hashes:,} | {file_size / 1e6:.1f} MB | {name} | "
                f"{seconds:.0f} | {tree:.0f} MB | {largest:.0f} MB |"
            )
    print(f"{args.workers} workers; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(CREDIT)


if __name__ == "__main__":
    main()

"""Corpus mode on site-corpora-dev: residue removed and content kept, against the peers, and the
same outputs for 1 and N workers (and, with --dask, for the Dask engine).

Scores are computed exactly as ../shared/data/README.md defines residue removed and content kept
(every non-empty input line is content when it stands in the gold, residue otherwise; tokens
weigh the lines), shown pooled over all tokens, as the data README's reference figures are
(CCNet 0.986 / 0.719, C4 0.622 / 0.854 come out exactly that way), with the per-document means
beside them. Cleaner runs through `run_batch`, as `cleaner clean IN -o OUT` does.

    python benchmarks/corpus.py [--data DIR] [--workers N] [--dask] [--min-docs N --min-share X]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from cleaner import BatchOptions, Config, run_batch
from cleaner.corpus import normalize_line
from peers import c4_line_rules
from scoring import LineCounts, line_counts, mean, pooled

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "site-corpora-dev"
CREDIT = (
    "Data: site-corpora-dev, built from WCXB (Web Content eXtraction Benchmark), Murrough Foley, "
    "2026, CC-BY-4.0."
)

Doc = tuple[str, str, str]  # relative path, input text, gold text


def load(data: Path) -> list[Doc]:
    docs = []
    for path in sorted((data / "input").rglob("*.txt")):
        relative = path.relative_to(data / "input").as_posix()
        gold = (data / "gold" / relative).read_text(encoding="utf-8")
        docs.append((relative, path.read_text(encoding="utf-8"), gold))
    if not docs:
        raise SystemExit(f"{data}: no input/<site>/*.txt documents")
    return docs


def ccnet_seen_twice(docs: list[Doc]) -> dict[str, str]:
    """CCNet's rule over the whole folder: a line (normalized as CCNet does) seen in 2+ documents goes."""
    seen: Counter[str] = Counter()
    for _, text, _ in docs:
        seen.update({normalize_line(line) for line in text.splitlines() if line.strip()})
    return {
        relative: "\n".join(
            line for line in text.splitlines() if line.strip() and seen[normalize_line(line)] < 2
        )
        for relative, text, _ in docs
    }


def per_document(docs: list[Doc], system: Callable[[str], str]) -> dict[str, str]:
    return {relative: system(text) for relative, text, _ in docs}


def cleaner_outputs(
    data: Path, out: Path, config: Config, options: BatchOptions
) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    summary = run_batch([data / "input"], out, config=config, options=options)
    if summary.failures:
        raise SystemExit(f"failures: {summary.failures[:3]}")
    outputs = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.txt")}
    return outputs, time.perf_counter() - started


def scores(docs: list[Doc], outputs: dict[str, str]) -> tuple[float, float, float, float]:
    counts: list[LineCounts] = [line_counts(text, outputs[rel], gold) for rel, text, gold in docs]
    residue = pooled((c.residue_removed, c.residue) for c in counts)
    content = pooled((c.content_kept, c.content) for c in counts)
    residue_macro = mean(c.residue_removed / c.residue if c.residue else None for c in counts)
    content_macro = mean(c.content_kept / c.content if c.content else None for c in counts)
    return residue, content, residue_macro, content_macro


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="default: %(default)s")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N of the 1-vs-N check")
    parser.add_argument("--dask", action="store_true", help="also run the Dask engine (a local cluster)")
    parser.add_argument("--min-docs", type=int, default=Config().corpus_min_docs)
    parser.add_argument("--min-share", type=float, default=Config().corpus_min_share)
    args = parser.parse_args(argv)
    docs = load(args.data)
    sites = len({rel.split("/")[0] for rel, _, _ in docs})
    config = Config(corpus_min_docs=args.min_docs, corpus_min_share=args.min_share)
    rows: list[tuple[str, dict[str, str], float | None]] = []
    started = time.perf_counter()
    rows.append(("unchanged", per_document(docs, lambda t: t), None))
    rows.append(("C4-style line rules", per_document(docs, c4_line_rules), None))
    rows.append(('CCNet "seen twice" (whole folder)', ccnet_seen_twice(docs), time.perf_counter() - started))
    with tempfile.TemporaryDirectory(prefix="cleaner-corpus-") as tmp:
        root = Path(tmp)
        single, seconds = cleaner_outputs(
            args.data, root / "single", config, BatchOptions(workers=1, corpus=False)
        )
        rows.append(("cleaner, single document (--no-corpus)", single, seconds))
        corpus, seconds = cleaner_outputs(args.data, root / "one", config, BatchOptions(workers=1))
        rows.append(
            (f"cleaner, corpus mode (min_docs {args.min_docs}, min_share {args.min_share})", corpus, seconds)
        )
        _, seconds_n = cleaner_outputs(args.data, root / "n", config, BatchOptions(workers=args.workers))
        same = tree(root / "one") == tree(root / "n")
        checks = [f"outputs with 1 and {args.workers} workers identical: {'yes' if same else 'NO'}"]
        if args.dask:
            _, seconds_dask = cleaner_outputs(
                args.data, root / "dask", config, BatchOptions(engine="dask", workers=args.workers)
            )
            same_dask = tree(root / "one") == tree(root / "dask")
            checks.append(f"outputs of the Dask engine identical: {'yes' if same_dask else 'NO'}")
    print(f"site-corpora-dev: {len(docs)} documents, {sites} sites ({args.data})\n")
    print("| system | residue removed | content kept | per doc: residue | per doc: content | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, outputs, secs in rows:
        residue, content, residue_macro, content_macro = scores(docs, outputs)
        timing = f"{secs:.1f}" if secs is not None else ""
        cells = [name, *(f"{v:.3f}" for v in (residue, content, residue_macro, content_macro)), timing]
        print("| " + " | ".join(cells) + " |")
    print()
    print(f"corpus mode with {args.workers} workers: {seconds_n:.1f} s")
    if args.dask:
        print(f"corpus mode on Dask ({args.workers} local workers, cluster start in): {seconds_dask:.1f} s")
    for check in checks:
        print(check)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(CREDIT)
    if not all(check.endswith("yes") for check in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

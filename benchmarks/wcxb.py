"""Reads the WCXB development folder (pages, gold records, text dumps) that the benchmarks run on."""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "wcxb-dev-articles"
INPUT_KINDS = ("html", "text-body", "text-page")
CREDIT = (
    "Data: WCXB (Web Content eXtraction Benchmark), Murrough Foley, 2026, CC-BY-4.0; "
    "development split, article pages."
)


@dataclass(frozen=True)
class Gold:
    """One page's ground truth as the annotators cut it."""

    id: str
    url: str | None
    title: str | None
    author: str | None
    date: str | None
    main_content: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]


def load_gold(data: Path) -> list[Gold]:
    """Every gold record of the folder, in file order."""
    records = []
    with (data / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            r = json.loads(line)
            records.append(
                Gold(
                    id=r["id"],
                    url=r.get("url"),
                    title=r.get("title"),
                    author=r.get("author"),
                    date=r.get("date"),
                    main_content=r.get("main_content") or "",
                    with_snippets=tuple(r.get("with") or ()),
                    without_snippets=tuple(r.get("without") or ()),
                )
            )
    return records


def load_texts(data: Path, kind: str) -> dict[str, str]:
    """The plain-text inputs of one kind ("text-body" or "text-page"), by page id."""
    with gzip.open(data / f"{kind}.jsonl.gz", "rt", encoding="utf-8") as lines:
        return {r["id"]: r["text"] for r in map(json.loads, lines) if r}


def load_html(data: Path, page_id: str) -> str:
    """One page's HTML as fetched."""
    with gzip.open(data / "pages" / f"{page_id}.html.gz", "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


def load_inputs(data: Path, kind: str, gold: list[Gold]) -> Iterator[tuple[Gold, str]]:
    """Each gold record with its input of the given kind; pages without an input are skipped."""
    if kind == "html":
        for g in gold:
            if (data / "pages" / f"{g.id}.html.gz").exists():
                yield g, load_html(data, g.id)
        return
    texts = load_texts(data, kind)
    for g in gold:
        if g.id in texts:
            yield g, texts[g.id]


# How a benchmark times a system. Wall time is what a user waits; the process's CPU time is what
# one core spends, and stays near it on an idle machine while it is far less swayed by other work
# on a shared one (it leaves out the time the process waits for a core).
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def add_clock_argument(parser: argparse.ArgumentParser) -> None:
    """The `--clock` option of the benchmarks that time systems."""
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall time (default), or the process's CPU time, which a busy machine sways less",
    )


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """The `--data` option every benchmark takes: where the WCXB folder is."""
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="the wcxb-dev-articles folder (default: %(default)s)",
    )

"""Scores the project and its peers on the WCXB pages: word, shingle, snippet, line and metadata scores."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peers
import report
import scoring
import wcxb

# Runs one input (text or HTML) with its page URL; returns the text and, when the system finds
# them, the title, author and date.
Runner = Callable[[str, str | None], tuple[str, dict[str, Any] | None]]
METADATA_FIELDS = ("title", "author", "date")
TEXT_KINDS = ("text-body", "text-page")
PEER_LABELS = {
    "unchanged": "unchanged",
    "c4_line_rules": "C4-style line rules",
    "justext_lines": "jusText on the lines",
    "trafilatura": "trafilatura `extract()`",
    "trafilatura_no_comments": "trafilatura `extract(include_comments=False)`",
    "readability": "readability-lxml `summary()`",
    "resiliparse": "resiliparse main content",
    "justext": "jusText (English)",
}
SYSTEM_NAMES = ("cleaner", *(p.name for p in peers.PEERS))


@dataclass(frozen=True)
class System:
    """A system as the benchmark runs it: its name, label, version and a runner per input kind."""

    name: str
    label: str
    kinds: tuple[str, ...]
    runners: Mapping[str, Runner]  # by input kind; empty when the system can't run here
    version: str | None = None
    # Finds title, author and date on an HTML page apart from the timed run (trafilatura's
    # `extract()` returns text only, so its metadata comes from `bare_extraction`).
    metadata: Callable[[str, str | None], dict[str, Any]] | None = None
    skipped: str | None = None  # why it can't run here (not installed, import error)


@dataclass
class Row:
    """One system's scores on one input kind."""

    input: str
    system: str
    label: str
    version: str | None
    pages: int = 0
    errors: int = 0
    first_error: str | None = None
    seconds: float = 0.0
    megabytes: float = 0.0
    skipped: str | None = None
    scores: dict[str, float | int | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        speed = {
            "docs_per_s": self.pages / self.seconds if self.seconds else None,
            "mb_per_s": self.megabytes / self.seconds if self.seconds else None,
        }
        return {k: v for k, v in vars(self).items() if k != "scores"} | speed | self.scores


# --- the systems ---------------------------------------------------------------------------------


def _text_only(run: peers.System) -> Runner:
    return lambda source, url: (run(source), None)


def cleaner_system(config_file: Path | None = None) -> System:
    """The project's `clean`, from the checkout's src/, with a config file's settings if one is
    given; marked skipped when it can't be imported."""
    src = str(wcxb.REPO / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    try:
        import cleaner
    except Exception as error:  # the library is being written: any import failure skips its rows
        reason = f"cannot import cleaner ({type(error).__name__}: {error})"
        return System("cleaner", "cleaner", wcxb.INPUT_KINDS, {}, skipped=reason)
    # `clean()` builds its pipeline on every call; one `Cleaner` reused, as the library advises for
    # many documents, gives the same output and an honest speed. `clean` stands in where it's missing.
    config = cleaner.Config.from_toml(config_file) if config_file is not None else None
    clean = cleaner.Cleaner(config).clean if hasattr(cleaner, "Cleaner") else cleaner.clean

    def run_text(source: str, url: str | None) -> tuple[str, dict[str, Any] | None]:
        return clean(source).text, None

    def run_html(source: str, url: str | None) -> tuple[str, dict[str, Any] | None]:
        result = clean(source, url=url)
        found = {name: getattr(result.metadata, name, None) for name in METADATA_FIELDS}
        return result.text, found

    runners = {"text-body": run_text, "text-page": run_text, "html": run_html}
    return System("cleaner", "cleaner", wcxb.INPUT_KINDS, runners, peers.version("cleaner"))


def peer_system(peer: peers.Peer) -> System:
    """A peer as the benchmark runs it, on the input kinds it takes."""
    kinds = ("html",) if peer.input == "html" else TEXT_KINDS
    label = PEER_LABELS[peer.name]
    reason = peers.missing(peer)
    if reason:
        return System(peer.name, label, kinds, {}, skipped=reason)
    meta = peers.trafilatura_metadata if peer.name == "trafilatura" else None
    runners = dict.fromkeys(kinds, _text_only(peer.run))
    return System(peer.name, label, kinds, runners, peers.version(peer.package), meta)


def systems_named(names: Iterable[str], config_file: Path | None = None) -> list[System]:
    """The systems asked for, in that order; those that can't run here are marked skipped."""
    by_name = {p.name: p for p in peers.PEERS}
    return [
        cleaner_system(config_file) if name == "cleaner" else peer_system(by_name[name]) for name in names
    ]


# --- scoring -------------------------------------------------------------------------------------


def _fold(value: str | None, *, casefold: bool = False) -> str | None:
    if not value:
        return None
    folded = " ".join(str(value).split())
    return folded.casefold() if casefold else folded


def metadata_matches(found: dict[str, Any], gold: wcxb.Gold) -> dict[str, bool | None]:
    """Per field: whether the found value matches the gold one; None where the gold has none.

    Title: exact after folding whitespace. Author: the same, case-insensitive. Date: the ISO
    YYYY-MM-DD prefix of what was found equals the gold (a gold "2025-09" matches any day of it).
    """
    title, author, date = _fold(gold.title), _fold(gold.author, casefold=True), _fold(gold.date)
    found_date = _fold(found.get("date"))
    return {
        "title": None if title is None else _fold(found.get("title")) == title,
        "author": None if author is None else _fold(found.get("author"), casefold=True) == author,
        "date": None if date is None else found_date is not None and found_date[: len(date)] == date,
    }


@dataclass
class Tally:
    """Per-page scores of one row, gathered as the pages run."""

    word: list[scoring.PRF] = field(default_factory=list)
    shingle: list[tuple[float, float]] = field(default_factory=list)
    with_hits: list[tuple[int, int]] = field(default_factory=list)
    without_hits: list[tuple[int, int]] = field(default_factory=list)
    lines: list[scoring.LineCounts] = field(default_factory=list)
    metadata: dict[str, list[bool]] = field(default_factory=lambda: {f: [] for f in METADATA_FIELDS})

    def add(self, source: str, output: str, gold: wcxb.Gold, *, text_input: bool) -> None:
        self.word.append(scoring.word_prf(output, gold.main_content))
        self.shingle.append(scoring.shingle_pr(output, gold.main_content))
        self.with_hits.append(scoring.snippet_hits(output, gold.with_snippets))
        self.without_hits.append(scoring.snippet_hits(output, gold.without_snippets))
        if text_input:
            self.lines.append(scoring.line_counts(source, output, gold.main_content))

    def add_metadata(self, found: dict[str, Any], gold: wcxb.Gold) -> None:
        for name, match in metadata_matches(found, gold).items():
            if match is not None:
                self.metadata[name].append(match)

    def scores(self) -> dict[str, float | int | None]:
        """Macro means for word and shingle scores; snippet and line scores pooled (see report)."""

        def rate(parts: list[tuple[int, int]]) -> float | None:
            return scoring.mean(n / d if d else None for n, d in parts)

        out: dict[str, float | int | None] = {
            "word_precision": scoring.mean(s.precision for s in self.word),
            "word_recall": scoring.mean(s.recall for s in self.word),
            "word_f1": scoring.mean(s.f1 for s in self.word),
            "shingle_precision": scoring.mean(p for p, _ in self.shingle),
            "shingle_recall": scoring.mean(r for _, r in self.shingle),
            "shingle_f1": scoring.shingle_f1(self.shingle),
            "with": scoring.pooled(self.with_hits),
            "without_leak": scoring.pooled(self.without_hits),
            "with_macro": rate(self.with_hits),
            "without_leak_macro": rate(self.without_hits),
        }
        if self.lines:
            residue = [(c.residue_removed, c.residue) for c in self.lines]
            content = [(c.content_kept, c.content) for c in self.lines]
            out |= {
                "residue_removed": scoring.pooled(residue),
                "content_kept": scoring.pooled(content),
                "residue_removed_macro": rate(residue),
                "content_kept_macro": rate(content),
            }
        for name, matches in self.metadata.items():
            if matches:
                out[f"{name}_accuracy"] = sum(matches) / len(matches)
                out[f"{name}_pages"] = len(matches)
        return out


# --- running -------------------------------------------------------------------------------------


class Run:
    """One system on one input kind: its row and per-page tally, filled page by page."""

    def __init__(self, system: System, kind: str, clock: Callable[[], float] = time.perf_counter) -> None:
        self.system, self.kind, self.clock = system, kind, clock
        self.run = system.runners[kind]
        self.row = Row(kind, system.name, system.label, system.version)
        self.tally = Tally()

    def warm_up(self, gold: wcxb.Gold, source: str) -> None:
        """One untimed call, so that lazy imports and set-up don't count as speed."""
        with contextlib.suppress(Exception):
            self.run(source, gold.url)

    def page(self, gold: wcxb.Gold, source: str) -> None:
        """Runs the system on one page, timing the system alone, and scores the output."""
        row, kind = self.row, self.kind
        found: dict[str, Any] | None = None
        start = self.clock()
        try:
            output, found = self.run(source, gold.url)
        except Exception as error:  # a peer failing on a page scores that page as an empty output
            output = ""
            row.errors += 1
            row.first_error = row.first_error or f"{gold.id}: {type(error).__name__}: {error}"[:300]
        row.seconds += self.clock() - start
        row.pages += 1
        row.megabytes += len(source.encode("utf-8")) / 1e6
        self.tally.add(source, output or "", gold, text_input=kind != "html")
        if kind == "html" and self.system.metadata is not None:
            try:
                found = self.system.metadata(source, gold.url)
            except Exception:
                found = {}
        if kind == "html" and found is not None:
            self.tally.add_metadata(found, gold)

    def finish(self) -> Row:
        self.row.scores = self.tally.scores()
        return self.row


def run_system(
    system: System,
    kind: str,
    inputs: Sequence[tuple[wcxb.Gold, str]],
    clock: Callable[[], float] = time.perf_counter,
) -> Row:
    """Runs a system on every input of one kind, timing the system alone, and scores it."""
    run = Run(system, kind, clock)
    if inputs:
        run.warm_up(*inputs[0])
    for gold, source in inputs:
        run.page(gold, source)
    return run.finish()


def run_interleaved(
    systems: Sequence[System],
    kind: str,
    inputs: Sequence[tuple[wcxb.Gold, str]],
    clock: Callable[[], float] = time.perf_counter,
) -> list[Row]:
    """Every system on every page, the systems taking turns step by step, each on its own page.

    On a machine shared with other work the load changes over a run; systems run one after the
    other see different loads, systems run step by step the same. At each step every system
    takes another page, a fixed offset apart (system k on page step + k * len(inputs) / len(systems)),
    and the order within a step rotates: a system never runs right after another on the same
    page. It would run faster there, on caches the other left warm: trafilatura keeps its
    cleaned lines in LRU caches, and `extract(include_comments=False)` run right after
    `extract()` on the same page took 6.5% less time than after `extract()` on another page (the
    cleaner after `extract(include_comments=False)`, 4% less).
    """
    runs = [Run(system, kind, clock) for system in systems]
    if not inputs:
        return [run.finish() for run in runs]
    for run in runs:
        run.warm_up(*inputs[0])
    count = len(inputs)
    stride = max(1, count // len(runs))
    for step in range(count):
        shift = step % len(runs)
        for slot in range(shift, shift + len(runs)):
            system = slot % len(runs)
            runs[system].page(*inputs[(step + system * stride) % count])
    return [run.finish() for run in runs]


def run_all(
    data: Path,
    kinds: Sequence[str],
    systems: Sequence[System],
    limit: int | None,
    *,
    interleave: bool = False,
    clock: Callable[[], float] = time.perf_counter,
) -> list[Row]:
    """Every chosen system on every chosen input kind, in that order; progress goes to stderr."""
    gold = wcxb.load_gold(data)[:limit] if limit else wcxb.load_gold(data)
    rows = []
    for kind in kinds:
        chosen = [s for s in systems if kind in s.kinds]
        runnable = [s for s in chosen if not s.skipped]
        inputs = list(wcxb.load_inputs(data, kind, gold)) if runnable else []
        ran = iter(run_interleaved(runnable, kind, inputs, clock)) if interleave else None
        for system in chosen:
            if system.skipped:
                rows.append(Row(kind, system.name, system.label, None, skipped=system.skipped))
                continue
            row = next(ran) if ran is not None else run_system(system, kind, inputs, clock)
            note = f", {row.errors} errors (first: {row.first_error})" if row.errors else ""
            print(
                f"{kind:9} {system.name:24} {row.pages} pages in {row.seconds:.1f} s{note}", file=sys.stderr
            )
            rows.append(row)
    return rows


# --- the command line ----------------------------------------------------------------------------


def _names(value: str, allowed: Sequence[str], what: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown)}; choose from {', '.join(allowed)}"
        )
    return names


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    wcxb.add_data_argument(parser)
    parser.add_argument(
        "--inputs",
        type=lambda v: _names(v, wcxb.INPUT_KINDS, "input"),
        default=list(wcxb.INPUT_KINDS),
        help="input kinds, comma-separated (default: html,text-body,text-page)",
    )
    parser.add_argument(
        "--systems",
        type=lambda v: _names(v, SYSTEM_NAMES, "system"),
        default=list(SYSTEM_NAMES),
        help=f"systems, comma-separated (default: all: {','.join(SYSTEM_NAMES)})",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages, for quick runs")
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="a config file for the cleaner (TOML, as `cleaner clean --config` reads it), "
        "to score a setting other than the defaults",
    )
    parser.add_argument(
        "--interleave",
        action="store_true",
        help="run the systems step by step, in turn, each on its own page, so that their times see "
        "the same load (for comparing speeds on a shared machine)",
    )
    wcxb.add_clock_argument(parser)
    parser.add_argument(
        "--out-json", type=Path, default=None, help="write every score and version as JSON here"
    )
    parser.add_argument(
        "--out-md", type=Path, default=None, help="write a Markdown table for the README here"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.data / "gold.jsonl").is_file():
        print(f"error: no gold.jsonl in {args.data}", file=sys.stderr)
        return 2
    systems = systems_named(args.systems, args.config)
    for system in systems:
        if system.skipped:
            print(f"skipping {system.name}: {system.skipped}", file=sys.stderr)
    rows = run_all(
        args.data, args.inputs, systems, args.limit, interleave=args.interleave, clock=wcxb.CLOCKS[args.clock]
    )
    for kind in args.inputs:
        table = report.text_table([r.to_dict() for r in rows if r.input == kind], kind)
        if table:
            print(f"\n{kind}\n{table}")
    print(f"\n{report.NOTE}\n{wcxb.CREDIT}")
    versions = report.versions([p.package for p in peers.PEERS] + ["cleaner", "ftfy", "lxml"])
    if args.out_json:
        report.write_json(
            args.out_json,
            [r.to_dict() for r in rows],
            versions,
            data=args.data,
            limit=args.limit,
            config=args.config,
            clock=args.clock,
        )
    if args.out_md:
        args.out_md.write_text(report.markdown([r.to_dict() for r in rows]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Turns benchmark rows into a terminal table, a Markdown table for the README, and a JSON file."""

from __future__ import annotations

import json
import math
import platform
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import wcxb

NOTE = (
    "Word P/R/F1 and shingle F1 are per-page scores averaged over pages. With-rate and without-leak "
    "are pooled over all snippets, residue removed and content kept over all input tokens: that "
    "is how the data README's reference figures come out (the per-page means are in the JSON as "
    "*_macro)."
)

# (column title, row key, format): a format of "" leaves the value as text.
_SCORES = (
    ("word P", "word_precision", ".3f"),
    ("word R", "word_recall", ".3f"),
    ("word F1", "word_f1", ".3f"),
    ("shingle F1", "shingle_f1", ".3f"),
    ("with", "with", ".3f"),
    ("w/o leak", "without_leak", ".3f"),
)
_LINES = (("residue rm", "residue_removed", ".3f"), ("content kept", "content_kept", ".3f"))
_METADATA = (
    ("title", "title_accuracy", ".3f"),
    ("author", "author_accuracy", ".3f"),
    ("date", "date_accuracy", ".3f"),
)
_SPEED = (("docs/s", "docs_per_s", ".1f"), ("MB/s", "mb_per_s", ".2f"), ("errors", "errors", "d"))


def _cell(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format(value, fmt) if fmt else str(value)


def _columns(kind: str) -> tuple[tuple[str, str, str], ...]:
    middle = _METADATA if kind == "html" else _LINES
    return (("system", "label", ""), ("version", "version", ""), *_SCORES, *middle, *_SPEED)


def _cells(row: dict[str, Any], columns: Sequence[tuple[str, str, str]]) -> list[str]:
    if row.get("skipped"):
        return [row["label"], "", f"skipped: {row['skipped']}"] + [""] * (len(columns) - 3)
    return [_cell(row.get(key), fmt) for _, key, fmt in columns]


def text_table(rows: Sequence[dict[str, Any]], kind: str) -> str:
    """A fixed-width table of the rows of one input kind, for the terminal."""
    if not rows:
        return ""
    columns = _columns(kind)
    body = [_cells(r, columns) for r in rows]
    runnable = [cells for cells, r in zip(body, rows, strict=True) if not r.get("skipped")]
    widths = [max([len(c[0])] + [len(cells[i]) for cells in runnable]) for i, c in enumerate(columns)]
    widths[0] = max(len(cells[0]) for cells in body)
    lines = ["  ".join(title.ljust(w) for (title, _, _), w in zip(columns, widths, strict=True))]
    for cells, row in zip(body, rows, strict=True):
        if row.get("skipped"):
            lines.append(f"{cells[0].ljust(widths[0])}  {cells[2]}")
        else:
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines)


_INPUT_NAMES = {"html": "HTML", "text-body": "text-body", "text-page": "text-page"}


def markdown(rows: Sequence[dict[str, Any]]) -> str:
    """Markdown tables for the README: quality and speed on every input, metadata on HTML, credit."""
    head = ("input", "system", "word F1", "shingle F1", "with", "without-leak", "residue removed",
            "content kept", "docs/s", "MB/s")  # fmt: skip
    keys = ("word_f1", "shingle_f1", "with", "without_leak", "residue_removed", "content_kept")
    out = [_md_row(head), _md_row(["---"] * len(head))]
    for r in rows:
        name = _with_version(r)
        if r.get("skipped"):
            out.append(_md_row([_INPUT_NAMES[r["input"]], name, f"not run: {r['skipped']}"] + [""] * 7))
            continue
        speed = [_cell(r.get("docs_per_s"), ".1f"), _cell(r.get("mb_per_s"), ".2f")]
        out.append(_md_row([_INPUT_NAMES[r["input"]], name] + [_cell(r.get(k), ".3f") for k in keys] + speed))
    meta_rows = [r for r in rows if r["input"] == "html" and "title_accuracy" in r]
    if meta_rows:
        out += ["", _md_row(("system (HTML)", "title", "author", "date")), _md_row(["---"] * 4)]
        for r in meta_rows:
            fields = ("title", "author", "date")
            cells = [f"{_cell(r.get(f'{f}_accuracy'), '.3f')} ({r.get(f'{f}_pages', 0)})" for f in fields]
            out.append(_md_row([_with_version(r), *cells]))
        out += [
            "",
            "Metadata: share of pages (with a gold value; count in brackets) where the title matches "
            "exactly after folding whitespace, the author the same ignoring case, the date as ISO "
            "YYYY-MM-DD.",
        ]
    pages = max((r.get("pages", 0) for r in rows), default=0)
    out += [
        "",
        f"{pages} pages; speed is the system alone, one process, one core, MB of input (HTML or text).",
        NOTE,
        "",
        wcxb.CREDIT,
    ]
    return "\n".join(out) + "\n"


def _with_version(row: dict[str, Any]) -> str:
    return f"{row['label']} {row['version']}" if row.get("version") else row["label"]


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def versions(packages: Iterable[str | None]) -> dict[str, str | None]:
    """Installed versions of the named distributions (None when absent), plus Python's."""
    from importlib import metadata

    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in dict.fromkeys(p for p in packages if p):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def write_json(
    path: Path,
    rows: Sequence[dict[str, Any]],
    versions: dict[str, str | None],
    *,
    data: Path,
    limit: int | None,
    config: Path | None = None,
    clock: str = "wall",
) -> None:
    """Every row with every score, the versions and the run's settings, as one JSON document."""
    document = {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data": str(data),
        "limit": limit,
        "config": str(config) if config is not None else None,  # the cleaner's, when not the defaults
        "clock": clock,  # what the seconds are: wall time or the process's CPU time
        "credit": wcxb.CREDIT,
        "note": NOTE,
        "machine": {"platform": platform.platform(), "processor": platform.processor()},
        "versions": versions,
        "rows": [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in rows
        ],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

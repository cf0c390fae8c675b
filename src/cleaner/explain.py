"""The fate of each input block (kept, dropped, moved, cut) and the input-output diff: views of the trace."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from .document import Result

__all__ = ["BlockFate", "Fate", "block_fates", "diff_lines", "fate_counts"]

Fate = Literal["kept", "dropped", "moved", "cut"]


@dataclass(frozen=True)
class BlockFate:
    """One block of the normalized input and what the rules did to it."""

    index: int
    text: str
    fate: Fate
    rules: tuple[str, ...] = ()  # ids of the rules (or heuristic steps) that touched it, in order
    field: str | None = None  # the metadata field it moved to
    reason: str | None = None  # the feature that decided, for heuristics
    fragments: tuple[str, ...] = ()  # what was cut off it


def block_fates(result: Result) -> list[BlockFate]:
    """Every input block of a result with its fate, in input order; read from `result.removed`."""
    fates = []
    for index, text in enumerate(result.blocks):
        removals = result.fate(index)
        whole = [r for r in removals if r.action != "cut"]
        cuts = tuple(r.text for r in removals if r.action == "cut")
        if whole:
            last = whole[-1]
            fate: Fate = "moved" if last.action == "move" else "dropped"
        else:
            fate = "cut" if cuts else "kept"
        fates.append(
            BlockFate(
                index=index,
                text=text,
                fate=fate,
                rules=tuple(dict.fromkeys(r.rule for r in removals)),
                field=next((r.field for r in reversed(whole) if r.field), None),
                reason=next((r.reason for r in reversed(removals) if r.reason), None),
                fragments=cuts,
            )
        )
    return fates


def fate_counts(fates: list[BlockFate]) -> Counter[str]:
    """How many blocks met each fate."""
    return Counter(f.fate for f in fates)


def diff_lines(result: Result, *, context: int = 3) -> list[str]:
    """A unified diff of the input blocks against the output paragraphs, one line each."""
    output = [p for p in result.text.split("\n\n") if p.strip()]
    output = [p.rstrip("\n") for p in output]
    return list(difflib.unified_diff(result.blocks, output, "input", "output", n=context, lineterm=""))

"""What a folder run does with each document before it cleans any: clean it, skip it, or fail it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .output import JSONL_NAME, OutputFormat, output_paths
from .sources import Source

__all__ = ["Failure", "Plan", "Skip", "plan_run"]

# A document's step, one byte of `Plan.steps`.
_CLEAN = 0
_SKIP = 1  # its outputs are newer than it
_SAME_OUTPUT = 2  # an earlier input writes its output


@dataclass(frozen=True)
class Failure:
    """A document that could not be read or cleaned, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class Skip:
    """A document whose outputs are newer than it: nothing to do (jsonl: its earlier record)."""

    record: str = ""


@dataclass(frozen=True)
class Plan:
    """Each document's step, in input order: a byte a document, so that a large run's plan is small.

    Decided once, before the cleaning pass starts: outputs written by that pass must not turn
    their own documents into skips half-way.
    """

    steps: bytearray
    same_output: dict[int, str]  # a document that fails: the path of the earlier input writing its output
    records: dict[str, str]  # jsonl: the earlier record of each document skipped, by input path

    @property
    def to_clean(self) -> int:
        return self.steps.count(_CLEAN)

    def cleans(self, number: int) -> bool:
        return self.steps[number] == _CLEAN

    def step(self, number: int, source: Source) -> Skip | Failure | None:
        """The step of the document numbered `number` (`source`): skip, a failure, or None to clean it."""
        kind = self.steps[number]
        if kind == _SKIP:
            return Skip(self.records.get(source.relative.as_posix(), ""))
        if kind == _SAME_OUTPUT:
            earlier = self.same_output[number]
            return Failure(str(source.path), f"same output as {earlier}: rename one of the two")
        return None


def plan_run(
    sources: Sequence[Source], outdir: Path, fmt: OutputFormat, *, force: bool = False, since: int = 0
) -> Plan:
    """For each source: skip it (`force` off, outputs newer than it), fail it (another input writes
    its output), or clean it.

    Outputs written before `since` (ns) were cleaned with another profile: none of them is skipped.
    """
    steps = bytearray(len(sources))
    if fmt == "jsonl":  # one file for all: no two inputs share an output
        records = {} if force else _fresh_records(sources, outdir / JSONL_NAME, since, steps)
        return Plan(steps, {}, records)
    if not force:
        for number, source in enumerate(sources):
            if _is_up_to_date(source, outdir, fmt, since):
                steps[number] = _SKIP
    same = _same_outputs(sources)
    for number in same:
        steps[number] = _SAME_OUTPUT
    return Plan(steps, same, {})


def _is_up_to_date(source: Source, outdir: Path, fmt: OutputFormat, since: int) -> bool:
    try:
        mtime = max(source.path.stat().st_mtime_ns, since)
        return all((outdir / p).stat().st_mtime_ns >= mtime for p in output_paths(source.relative, fmt))
    except OSError:
        return False


def _fresh_records(sources: Sequence[Source], path: Path, since: int, steps: bytearray) -> dict[str, str]:
    """The records of an earlier jsonl run that still hold, by input path; their documents' steps
    are set to skips. None hold when that run is older than `since`."""
    previous, previous_mtime = _previous_records(path)
    if previous_mtime < since:
        return {}
    fresh: dict[str, str] = {}
    for number, source in enumerate(sources):
        key = source.relative.as_posix()
        try:
            if key in previous and source.path.stat().st_mtime_ns <= previous_mtime:
                fresh[key] = previous[key]
                steps[number] = _SKIP
        except OSError:
            continue
    return fresh


def _previous_records(path: Path) -> tuple[dict[str, str], int]:
    """The records of an earlier jsonl run by input path, and the file's time (0: none)."""
    try:
        mtime = path.stat().st_mtime_ns
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return {}, 0
    records = {}
    for line in lines:
        try:
            records[json.loads(line)["input"]["path"]] = line
        except (ValueError, KeyError, TypeError):
            continue  # a damaged line is redone, not trusted
    return records, mtime


def _output_name(source: Source) -> str:
    """What a document's outputs are named after: `a/x.html` and `a/x.txt` both write `a/x.*`."""
    return source.relative.with_suffix("").as_posix()


class _NameBits:
    """The output names seen so far, as bits: a name sets 3 bits of an array of 16 bits a
    document, and a name whose bits were all set already was seen before, or (about 1 in 200 at
    that size) only looks so. One bit array, not a set of names of about 100 bytes each."""

    _PROBES = 3
    _BITS_A_NAME = 16

    def __init__(self, names: int) -> None:
        self._size = max(64, self._BITS_A_NAME * names)
        self._bits = bytearray(self._size // 8 + 1)

    def add(self, name: str) -> bool:
        """Mark the name; True when it may have been marked before."""
        # Python's own string hash: the same for the same name within a run, which is all that is
        # needed (a name it flags is then compared whole); two halves make the probes
        h = hash(name) & 0xFFFF_FFFF_FFFF_FFFF
        low, step = h & 0xFFFF_FFFF, (h >> 32) | 1
        seen = True
        for k in range(self._PROBES):
            bit = (low + k * step) % self._size
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not self._bits[byte] & mask:
                seen = False
                self._bits[byte] |= mask
        return seen


def _same_outputs(sources: Sequence[Source]) -> dict[int, str]:
    """The documents whose outputs an earlier document writes, with that document's path.

    Most runs have none, and a set of every output name would take about 100 bytes a document:
    a first pass marks the names in a bit array (2 bytes a document), keeping the few names that
    may have come before; a second compares those names, whole, so a false alarm costs nothing.
    """
    bits = _NameBits(len(sources))
    maybe = {name for name in map(_output_name, sources) if bits.add(name)}
    if not maybe:
        return {}
    first: dict[str, str] = {}  # output name -> the path of the first input that writes it
    same: dict[int, str] = {}
    for number, source in enumerate(sources):
        name = _output_name(source)
        if name not in maybe:
            continue
        if name in first:
            same[number] = first[name]
        else:
            first[name] = str(source.path)
    return same

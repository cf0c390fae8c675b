"""Finding the documents of a run: files, folders walked recursively, glob patterns; their mirrored paths."""

from __future__ import annotations

import glob
import os
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import overload

from .errors import BatchError

__all__ = ["Source", "SourceList", "check_outdir", "count_sources", "find_sources"]


@dataclass(frozen=True)
class Source:
    """One input document: where it is, and its path below the inputs' common folder."""

    path: Path  # as reached from what the user typed (for messages and errors.jsonl)
    relative: Path  # mirrored under OUTDIR: `IN/a/b/x.html` -> `a/b/x.html`


class SourceList(Sequence[Source]):
    """The documents of a run, in order: a `Source` each, built when asked for.

    A run holds this list from start to end, so on a large folder it is the run's size: a
    document is kept as the number of the input it was found under and its path below that input,
    in one buffer of names (the path's length and 12 bytes a document, where a `Source` of two
    `Path`s takes about 1 KB). Being one buffer, not Python objects, it also leaves most of the
    memory that listing needed for a while (the real paths seen) free to go back to the system.
    """

    def __init__(self) -> None:
        self._roots: list[tuple[Path, Path]] = []  # (the input as typed, its path below the common folder)
        self._root_of: array[int] = array("I")  # per document: its input, an index into `_roots`
        self._ends: array[int] = array("Q")  # per document: where its name ends in `_names`
        self._names = bytearray()  # the paths below the inputs, encoded as the file system does, end to end

    def _add_root(self, root: Path, relative: Path) -> int:
        self._roots.append((root, relative))
        return len(self._roots) - 1

    def _append(self, root: int, below: str) -> None:
        """A document: its input's number and its path below it ("" for the input itself)."""
        self._names += os.fsencode(below)
        self._ends.append(len(self._names))
        self._root_of.append(root)

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> Source: ...
    @overload
    def __getitem__(self, index: slice) -> list[Source]: ...
    def __getitem__(self, index: int | slice) -> Source | list[Source]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("source index out of range")
        start = self._ends[index - 1] if index else 0
        below = os.fsdecode(bytes(self._names[start : self._ends[index]]))
        root, relative = self._roots[self._root_of[index]]
        return Source(root / below, relative / below)

    def __iter__(self) -> Iterator[Source]:
        return (self[k] for k in range(len(self)))


def _walk(folder: Path, below: str = "") -> Iterator[str]:
    """Every file under a folder, as its path below it, in path order (as `find | sort`), without
    hidden files and folders; like `os.walk`, a link to a folder is not followed.

    One folder's entries are sorted at a time, so nothing holds the whole tree.
    """
    try:
        with os.scandir(folder / below) as found:
            entries = sorted((e for e in found if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return  # an unreadable folder is skipped, as os.walk skips it
    for entry in entries:
        path = below + entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            yield path
        elif not entry.is_symlink():
            yield from _walk(folder, path + "/")


def _expand(item: str) -> list[Path]:
    """The roots an argument names: itself when it exists, else the matches of a glob pattern."""
    path = Path(item)
    if path.exists():
        return [path]
    if glob.has_magic(item):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            raise BatchError(f"{item}: the pattern matches no file")
        return [Path(m) for m in matches]
    raise BatchError(f"{item}: no such file or folder")


def _roots(inputs: Sequence[str | Path]) -> list[Path]:
    if not inputs:
        raise BatchError("no input given")
    return [root for item in inputs for root in _expand(str(item))]


def _documents(roots: Sequence[Path]) -> Iterator[tuple[int, str]]:
    """Each document under the roots once, in order: its root's number and its path below it."""
    seen: set[str] = set()  # real paths: a document reached twice (two inputs, a link) is taken once
    for number, root in enumerate(roots):
        for below in _walk(root) if root.is_dir() else [""]:
            real = os.path.realpath(root / below)
            if real in seen:
                continue
            seen.add(real)
            yield number, below


def find_sources(inputs: Sequence[str | Path]) -> SourceList:
    """The documents named by files, folders and glob patterns, in a stable order, each once.

    The output tree mirrors the tree below the inputs' common folder: one folder `IN` maps
    `IN/a/x.html` to `a/x.html`; `IN/a IN/b` (or `IN/*/`) keep their `a/` and `b/`; files given
    one by one keep the folders that tell them apart. `BatchError` for an input that is missing.
    """
    roots = _roots(inputs)
    anchors = [os.path.abspath(r if r.is_dir() else r.parent) for r in roots]
    common = Path(os.path.commonpath(anchors))
    sources = SourceList()
    for root in roots:
        sources._add_root(root, Path(os.path.abspath(root)).relative_to(common))
    for number, below in _documents(roots):
        sources._append(number, below)
    return sources


def count_sources(inputs: Sequence[str | Path], at_most: int) -> int:
    """How many documents `find_sources` would list, counted no further than `at_most` (a quick look)."""
    return sum(1 for _ in islice(_documents(_roots(inputs)), at_most))


def check_outdir(inputs: Sequence[str | Path], outdir: str | Path) -> None:
    """Refuse an OUTDIR that is a file, an input, or inside an input folder (`BatchError`)."""
    out = Path(outdir).resolve()
    if out.exists() and not out.is_dir():
        raise BatchError(f"{outdir}: the output folder is a file")
    for root in _roots(inputs):
        real = root.resolve()
        if out == real:
            raise BatchError(f"{outdir}: the output folder is an input; choose another one")
        if real in out.parents:
            raise BatchError(
                f"{outdir}: the output folder is inside the input {root}; choose one outside it "
                "(its outputs would be read as inputs on the next run)"
            )

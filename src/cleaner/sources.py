"""Finding the documents of a run: files, folders walked recursively, glob patterns; their mirrored paths."""

from __future__ import annotations

import glob
import os
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, pairwise
from pathlib import Path
from typing import overload

from .errors import BatchError

__all__ = ["Source", "SourceList", "check_outdir", "count_sources", "find_sources"]


@dataclass(frozen=True)
class Source:
    """One input document: where it is, and its path below the inputs' common folder."""

    path: Path  # as reached from what the user typed (for messages and errors.jsonl)
    relative: Path  # mirrored under OUTDIR: `IN/a/b/x.html` -> `a/b/x.html`


# Names stored whole every this many documents, the rest as what they add to the name before:
# a lookup decodes at most this many names, and the offsets of the whole ones cost 0.5 byte a name.
_NAMES_A_BLOCK = 16


class SourceList(Sequence[Source]):
    """The documents of a run, in order: a `Source` each, built when asked for.

    A run holds this list from start to end, so it must stay small however large the folder: a
    document is kept as its path below the input it was found under, in one buffer of names, each
    stored as the length it shares with the name before and the bytes that differ (in a sorted
    walk, `a/000/000123.txt` after `a/000/000122.txt` is 12 shared bytes and `3.txt`), about 8
    bytes a document where a `Source` of two `Path`s takes about 1 KB. The inputs are kept as
    runs (the documents of one input come together).
    """

    def __init__(self) -> None:
        self._roots: list[tuple[Path, Path]] = []  # (the input as typed, its path below the common folder)
        self._runs: array[int] = array("Q")  # the first document of each run of documents of one input
        self._run_roots: array[int] = array("I")  # the input of each run, an index into `_roots`
        self._blocks: array[int] = array("Q")  # where each block of names starts in `_names`
        self._names = bytearray()  # per document: shared length, added length (varints), added bytes
        self._count = 0
        self._last = b""  # the name appended last

    def _add_root(self, root: Path, relative: Path) -> int:
        self._roots.append((root, relative))
        return len(self._roots) - 1

    def _append(self, root: int, below: str) -> None:
        """A document: its input's number and its path below it ("" for the input itself)."""
        name = os.fsencode(below)
        if not self._run_roots or self._run_roots[-1] != root:
            self._runs.append(self._count)
            self._run_roots.append(root)
        shared = 0
        if self._count % _NAMES_A_BLOCK:
            limit = min(len(name), len(self._last))
            while shared < limit and name[shared] == self._last[shared]:
                shared += 1
        else:
            self._blocks.append(len(self._names))
        _put_varint(self._names, shared)
        _put_varint(self._names, len(name) - shared)
        self._names += name[shared:]
        self._last = name
        self._count += 1

    def __len__(self) -> int:
        return self._count

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
        block = index // _NAMES_A_BLOCK
        names = self._decode(self._blocks[block], index - block * _NAMES_A_BLOCK + 1)
        *_, name = names
        return self._source(index, name)

    def __iter__(self) -> Iterator[Source]:
        for index, name in enumerate(self._decode(0, self._count)):
            yield self._source(index, name)

    def _entries(self) -> Iterator[tuple[int, str]]:
        """Each document as it was appended: its input's number and its path below it."""
        for index, name in enumerate(self._decode(0, self._count)):
            yield self._root_number(index), os.fsdecode(name)

    def _root_number(self, index: int) -> int:
        """The number of the input that document `index` was found under (the run it is in)."""
        return self._run_roots[bisect_right(self._runs, index) - 1]

    def _decode(self, at: int, count: int) -> Iterator[bytes]:
        """`count` names in a row, from the whole name at offset `at` of `_names` on."""
        name = b""
        for _ in range(count):
            shared, at = _get_varint(self._names, at)
            added, at = _get_varint(self._names, at)
            name = name[:shared] + bytes(self._names[at : at + added])
            at += added
            yield name

    def _source(self, index: int, name: bytes) -> Source:
        below = os.fsdecode(name)
        root, relative = self._roots[self._root_number(index)]
        return Source(root / below, relative / below)


def _put_varint(buffer: bytearray, value: int) -> None:
    """Append a non-negative int, 7 bits a byte (one byte below 128)."""
    while value >= 0x80:
        buffer.append(value & 0x7F | 0x80)
        value >>= 7
    buffer.append(value)


def _get_varint(buffer: bytearray, at: int) -> tuple[int, int]:
    """The int that starts at `at`, and where the next thing starts."""
    value = shift = 0
    while True:
        byte = buffer[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _walk(folder: Path, below: str = "") -> Iterator[tuple[str, bool]]:
    """Every file under a folder, as its path below it and whether it is a link, in path order (as
    `find | sort`), without hidden files and folders; like `os.walk`, a link to a folder is not followed.

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
            yield path, entry.is_symlink()
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


def _listed(roots: Sequence[Path]) -> Iterator[tuple[int, str, bool]]:
    """Every document under the roots, in order: its root's number, its path below the root, and
    whether it was found as a link in a folder."""
    for number, root in enumerate(roots):
        if root.is_dir():
            for below, is_link in _walk(root):
                yield number, below, is_link
        else:  # a file given as an input that is also reached otherwise overlaps that input
            yield number, "", False


def _once(roots: Sequence[Path], listed: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """The listed documents (root number, path below it), each real file once (the first time it comes)."""
    seen: set[str] = set()  # real paths: a document reached twice (two inputs, a link) is taken once
    for number, below in listed:
        real = os.path.realpath(roots[number] / below)
        if real not in seen:
            seen.add(real)
            yield number, below


def _roots_overlap(roots: Sequence[Path]) -> bool:
    """Whether one input is, or is inside, another, once links are resolved."""
    # in the order of their parts, a path inside another comes right after it or after another
    # path inside it: comparing each with the one before finds any such pair
    reals = sorted(Path(os.path.realpath(root)).parts for root in roots)
    return any(later[: len(earlier)] == earlier for earlier, later in pairwise(reals))


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
    # A document comes twice only through a link or through inputs that overlap. Without either,
    # each one's real path is its input's and its path below, one of a kind: the set of every
    # real path, the largest thing listing would hold, is needed only with them.
    maybe_twice = _roots_overlap(roots)
    for number, below, is_link in _listed(roots):
        sources._append(number, below)
        maybe_twice = maybe_twice or is_link
    if not maybe_twice:
        return sources
    once = SourceList()
    once._roots = sources._roots
    for number, below in _once(roots, sources._entries()):
        once._append(number, below)
    return once


def count_sources(inputs: Sequence[str | Path], at_most: int) -> int:
    """How many documents `find_sources` would list, counted no further than `at_most` (a quick look)."""
    roots = _roots(inputs)
    listed = ((number, below) for number, below, _ in _listed(roots))
    return sum(1 for _ in islice(_once(roots, listed), at_most))


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

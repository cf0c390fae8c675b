"""Finding the documents of a run: files, folders walked recursively, glob patterns; their mirrored paths."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BatchError

__all__ = ["Source", "check_outdir", "find_sources"]


@dataclass(frozen=True)
class Source:
    """One input document: where it is, and its path below the inputs' common folder."""

    path: Path  # as reached from what the user typed (for messages and errors.jsonl)
    relative: Path  # mirrored under OUTDIR: `IN/a/b/x.html` -> `a/b/x.html`


def _walk(folder: Path) -> list[Path]:
    """Every file under a folder in path order (as `find | sort`), without hidden files and folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    return sorted(found)  # paths sort by their parts: `a/b/y` before `a/x` before `z`


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


def find_sources(inputs: Sequence[str | Path]) -> list[Source]:
    """The documents named by files, folders and glob patterns, in a stable order, each once.

    The output tree mirrors the tree below the inputs' common folder: one folder `IN` maps
    `IN/a/x.html` to `a/x.html`; `IN/a IN/b` (or `IN/*/`) keep their `a/` and `b/`; files given
    one by one keep the folders that tell them apart. `BatchError` for an input that is missing.
    """
    roots = _roots(inputs)
    anchors = [os.path.abspath(r if r.is_dir() else r.parent) for r in roots]
    common = Path(os.path.commonpath(anchors))
    sources: list[Source] = []
    seen: set[Path] = set()
    for root in roots:
        for path in _walk(root) if root.is_dir() else [root]:
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            sources.append(Source(path, Path(os.path.abspath(path)).relative_to(common)))
    return sources


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

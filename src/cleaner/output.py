"""Writing results: the txt, jsonl and md renderings of a `Result`, and atomic file writes."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO

from .document import SCHEMA_VERSION, Result

__all__ = [
    "FORMATS",
    "JSONL_NAME",
    "AtomicWriter",
    "OutputFormat",
    "atomic_write",
    "metadata_record",
    "output_paths",
    "render_jsonl_line",
    "render_markdown",
    "render_stream",
]

OutputFormat = Literal["txt", "jsonl", "md"]
FORMATS: tuple[OutputFormat, ...] = ("txt", "jsonl", "md")

#: the one file a `--format jsonl` run writes in OUTDIR, one record a document
JSONL_NAME = "documents.jsonl"

_TEMP_SUFFIX = ".tmp"


def output_paths(relative: Path, fmt: OutputFormat) -> tuple[Path, ...]:
    """The files one document writes, relative to OUTDIR: `a/x.html` -> `a/x.txt` and `a/x.json`."""
    if fmt == "txt":
        return (relative.with_suffix(".txt"), relative.with_suffix(".json"))
    if fmt == "md":
        return (relative.with_suffix(".md"),)
    return ()  # jsonl: every document goes to OUTDIR/documents.jsonl


def metadata_record(result: Result, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """The metadata and trace of a result, with where the input came from (the txt format's `.json`)."""
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if source is not None:
        record["input"] = source
    record["metadata"] = result.metadata.to_dict()
    record["removed"] = [asdict(r) for r in result.removed]
    return record


def render_jsonl_line(result: Result, source: dict[str, Any] | None = None) -> str:
    """One jsonl record: `Result.to_dict()` plus `input`; `Result.from_dict` reads it back."""
    record = result.to_dict()
    if source is not None:
        record = {"schema_version": record.pop("schema_version"), "input": source, **record}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _yaml_scalar(value: Any) -> str:
    # A JSON string is a valid YAML double-quoted scalar: every JSON escape is a YAML escape.
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_lines(key: str, value: Any) -> Iterable[str]:
    if not isinstance(value, list):
        yield f"{key}: {_yaml_scalar(value)}"
        return
    yield f"{key}:"
    for item in value:
        if isinstance(item, dict):
            pairs = list(item.items())
            for position, (name, inner) in enumerate(pairs):
                yield f"  {'-' if position == 0 else ' '} {name}: {_yaml_scalar(inner)}"
        else:
            yield f"  - {_yaml_scalar(item)}"


def render_markdown(result: Result, source: dict[str, Any] | None = None) -> str:
    """YAML front matter with the metadata (empty fields left out), then the body."""
    fields = {k: v for k, v in result.metadata.to_dict().items() if v not in (None, [], "")}
    if source is not None:
        fields["input"] = source.get("path")
    front = [line for key, value in fields.items() for line in _yaml_lines(key, value)]
    return "---\n" + "".join(f"{line}\n" for line in front) + "---\n\n" + result.text


def render_stream(result: Result, fmt: OutputFormat) -> str:
    """What `cleaner clean -` prints: the body (txt), one jsonl record, or the markdown page."""
    if fmt == "jsonl":
        return render_jsonl_line(result)
    if fmt == "md":
        return render_markdown(result)
    return result.text


class AtomicWriter:
    """Writes files whole or not at all: each to a temporary file beside it, then a rename.

    It remembers its temporary files (`.x.txt.<random>.tmp`) until they are renamed, so that
    `discard()` removes every one when a run is interrupted, wherever the interruption fell.
    No fsync: this guards against interruptions, not power loss, and an fsync a file would
    halve the speed of a run.
    """

    def __init__(self) -> None:
        self._pending: set[Path] = set()

    @contextmanager
    def open(self, path: Path) -> Iterator[TextIO]:
        """A text stream to `path`; the file appears, whole, when the `with` block ends well."""
        with self._replacing(path) as fd, os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle

    @contextmanager
    def _replacing(self, path: Path) -> Iterator[int]:
        """A descriptor of a temporary file that replaces `path` when the `with` block ends well."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = self._create_temp(path)
        try:
            yield fd
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        finally:
            self._pending.discard(temp)

    def _create_temp(self, path: Path) -> tuple[int, Path]:
        # The name is remembered before the file exists: an interruption that falls inside the
        # `open` call (where a busy run spends its time) still leaves a name to clean up.
        # Mode 0o666 less the umask, as a plain open() makes files (mkstemp makes them private).
        while True:
            temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
            self._pending.add(temp)
            try:
                return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
            except FileExistsError:
                self._pending.discard(temp)
            except BaseException:
                temp.unlink(missing_ok=True)  # created just before the interruption, or not at all
                self._pending.discard(temp)
                raise

    def write(self, path: Path, data: str) -> None:
        """Write a whole file."""
        with self.open(path) as handle:
            handle.write(data)

    @contextmanager
    def open_bytes(self, path: Path) -> Iterator[BinaryIO]:
        """A binary stream to `path` (a profile); the file appears, whole, when the `with` block ends well."""
        with self._replacing(path) as fd, os.fdopen(fd, "wb") as handle:
            yield handle

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Write a whole binary file."""
        with self.open_bytes(path) as handle:
            handle.write(data)

    def discard(self) -> None:
        """Remove the temporary files of writes that never finished."""
        for temp in list(self._pending):
            temp.unlink(missing_ok=True)
            self._pending.discard(temp)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write one whole file atomically (see `AtomicWriter`)."""
    if isinstance(data, bytes):
        AtomicWriter().write_bytes(path, data)
    else:
        AtomicWriter().write(path, data)

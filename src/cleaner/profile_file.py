"""The site profile file a site at a time: written as a stream of sites, read back one site at a time,
and the profiles of a run's shares spilled to one file and read back merged, site by site."""

from __future__ import annotations

import heapq
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import ProfileError
from .hash_counts import HashCounts

__all__ = [
    "PROFILE_MAGIC",
    "PROFILE_VERSION",
    "ProfileSize",
    "ShareSpill",
    "SiteTables",
    "little_endian",
    "profile_header",
    "read_sites",
    "site_bytes",
    "write_profile",
]

PROFILE_MAGIC = b"CLNRPROF"
PROFILE_VERSION = 1
# header: magic, version, number of sites; each site: key length, documents, lines, documents' prints
_HEADER = struct.Struct("<8sII")
_SITE = struct.Struct("<IQQQ")
_HASH_AND_COUNT = 12  # bytes a table entry takes in the file: a uint64 hash and a uint32 count


@dataclass(frozen=True)
class SiteTables:
    """One site of a profile, as the file holds it."""

    site: str
    documents: int  # documents of the site
    lines: HashCounts  # line hash -> documents of the site that hold the line
    copies: HashCounts  # document fingerprint -> copies of that document among them


@dataclass(frozen=True)
class ProfileSize:
    """What a profile file written from a stream of sites holds."""

    sites: int
    documents: int
    lines: int  # line hashes, over all sites


def profile_header(sites: int) -> bytes:
    """The file's first bytes: magic `CLNRPROF`, version (uint32), number of sites (uint32)."""
    return _HEADER.pack(PROFILE_MAGIC, PROFILE_VERSION, sites)


def site_bytes(tables: SiteTables) -> bytes:
    """One site's bytes: key length (uint32), documents (uint64), number of lines (uint64), number
    of document fingerprints (uint64), the key (UTF-8), the line hashes (uint64, ascending), their
    counts (uint32, same order), the fingerprints (uint64, ascending), their copies (uint32)."""
    key = tables.site.encode("utf-8")
    parts = [_SITE.pack(len(key), tables.documents, len(tables.lines), len(tables.copies)), key]
    for table in (tables.lines, tables.copies):
        hashes, counts = table.arrays()
        parts.append(little_endian(hashes))
        parts.append(little_endian(counts))
    return b"".join(parts)


def write_profile(path: str | Path, sites: Iterable[SiteTables]) -> ProfileSize:
    """Write a profile file from its sites, given in key order, holding one site at a time.

    The bytes are those of `SiteProfile.save` for the same sites. Written to a temporary name
    first, then renamed: never half a file. `ValueError` for sites out of key order.
    """
    from .output import AtomicWriter  # output -> document -> corpus -> here: imported when used

    written = documents = lines = 0
    with AtomicWriter().open_bytes(Path(path)) as handle:
        handle.write(profile_header(0))  # the number of sites is known at the end
        for tables in _written(handle, sites):
            written, documents, lines = written + 1, documents + tables.documents, lines + len(tables.lines)
        handle.seek(0)
        handle.write(profile_header(written))
    return ProfileSize(written, documents, lines)


def _written(handle: BinaryIO, sites: Iterable[SiteTables]) -> Iterator[SiteTables]:
    """Each site, once its bytes are written to `handle`; `ValueError` for sites out of key order."""
    previous: str | None = None
    for tables in sites:
        if previous is not None and tables.site <= previous:
            raise ValueError(f"sites out of key order: {tables.site!r} after {previous!r}")
        handle.write(site_bytes(tables))
        previous = tables.site
        yield tables


# -- reading


@dataclass(frozen=True)
class _SiteHead:
    """A site's fixed part, read before its tables: the merge orders sites by it."""

    site: str
    documents: int
    lines: int
    prints: int


def _read_header(handle: BinaryIO, name: str | Path, size: int) -> int:
    """The number of sites, once the magic and the version are checked."""
    data = handle.read(_HEADER.size) if size >= _HEADER.size else b""
    if len(data) < _HEADER.size or data[:8] != PROFILE_MAGIC:
        raise ProfileError(name, "not a cleaner profile file (no CLNRPROF header)")
    _, version, sites = _HEADER.unpack(data)
    if version != PROFILE_VERSION:
        raise ProfileError(name, f"profile format version {version}, this cleaner reads {PROFILE_VERSION}")
    return int(sites)


def _read_head(handle: BinaryIO, name: str | Path, end: int) -> _SiteHead:
    """A site's fixed part and key; `ProfileError` when its tables would run past `end`."""
    try:
        key_len, documents, n_lines, n_prints = _SITE.unpack(handle.read(_SITE.size))
        # checked before reading: a corrupt count must not ask for gigabytes
        if handle.tell() + key_len + _HASH_AND_COUNT * (n_lines + n_prints) > end:
            raise ProfileError(name, "truncated profile file")
        site = handle.read(key_len).decode("utf-8")
    except (struct.error, UnicodeDecodeError):
        raise ProfileError(name, "truncated or corrupt profile file") from None
    return _SiteHead(site, documents, n_lines, n_prints)


def _read_tables(handle: BinaryIO, name: str | Path, head: _SiteHead) -> SiteTables:
    """The tables that follow a site's head, checked: counts within the site's documents, hashes ascending."""
    tables = []
    for n in (head.lines, head.prints):
        hashes = _from_little("Q", handle.read(8 * n))
        counts = _from_little("I", handle.read(4 * n))
        if max(counts, default=0) > head.documents:
            raise ProfileError(name, f"inconsistent counts for site {head.site!r}")
        try:  # hashes out of order would make lookups miss: never in a file written here
            tables.append(HashCounts.from_arrays(hashes, counts))
        except ValueError as exc:
            raise ProfileError(name, f"inconsistent counts for site {head.site!r}: {exc}") from None
    lines, copies = tables
    if sum(copies.arrays()[1]) > head.documents:
        raise ProfileError(name, f"inconsistent counts for site {head.site!r}")
    return SiteTables(head.site, head.documents, lines, copies)


def read_sites(handle: BinaryIO, name: str | Path, size: int) -> Iterator[SiteTables]:
    """The sites of a profile file of `size` bytes, in the file's order, one at a time, each checked.

    `ProfileError` names the file (`name`) and what is wrong with it, when it comes to it.
    """
    sites = _read_header(handle, name, size)
    for _ in range(sites):
        yield _read_tables(handle, name, _read_head(handle, name, size))
    if handle.tell() != size:
        raise ProfileError(name, "trailing bytes after the last site: corrupt profile file")


# -- a run's shares, spilled


class ShareSpill:
    """The profiles of a run's shares of documents, appended to one temporary file as they come, and
    read back as the profile of the whole run, merged a site at a time in key order.

    The first pass of a large run counts far more lines than it keeps as chrome: held whole, the
    profile grows with every distinct line of the corpus. Spilled, the run holds one share's
    profile while it writes it and one site's counts while it merges them. Counts add, so the
    merged sites are the same whatever the order the shares were spilled in.
    """

    def __init__(self) -> None:
        # unlinked at once (or never linked): nothing is left behind, however the run ends
        self._file: BinaryIO = tempfile.TemporaryFile(prefix="cleaner-profile-")  # noqa: SIM115 - see close
        self._shares: list[tuple[int, int]] = []  # (where a share's first site starts, its number of sites)

    def __enter__(self) -> ShareSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def add(self, sites: Iterable[SiteTables]) -> None:
        """Append one share's profile, its sites in key order."""
        start = self._file.seek(0, os.SEEK_END)
        count = sum(1 for _ in _written(self._file, sites))
        self._shares.append((start, count))

    def merged(self) -> Iterator[SiteTables]:
        """The sites of all the shares, in key order, each with the counts of its shares added."""
        self._file.flush()
        end = self._file.seek(0, os.SEEK_END)
        name = "<spilled profile>"
        # a share with sites left: (its next site's key, the share, where that site's tables start,
        # its head, the share's sites after it)
        waiting: list[tuple[str, int, int, _SiteHead, int]] = []

        def queue_next(share: int, at: int, left: int) -> None:
            if left:
                self._file.seek(at)
                head = _read_head(self._file, name, end)
                heapq.heappush(waiting, (head.site, share, self._file.tell(), head, left - 1))

        for share, (start, count) in enumerate(self._shares):
            queue_next(share, start, count)
        while waiting:
            site = waiting[0][0]
            documents, lines, copies = 0, HashCounts(), HashCounts()
            while waiting and waiting[0][0] == site:
                _, share, at, head, left = heapq.heappop(waiting)
                self._file.seek(at)
                tables = _read_tables(self._file, name, head)
                queue_next(share, self._file.tell(), left)
                documents += tables.documents
                lines.update(tables.lines)
                copies.update(tables.copies)
            yield SiteTables(site, documents, lines, copies)


def little_endian(values: array[int]) -> bytes:
    """An array's bytes, little-endian whatever the machine (the file's order, and the fingerprints')."""
    if sys.byteorder != "little":  # pragma: no cover - the file is little-endian everywhere
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_little(code: str, data: bytes) -> array[int]:
    values = array(code)
    values.frombytes(data)
    if sys.byteorder != "little":  # pragma: no cover
        values.byteswap()
    return values

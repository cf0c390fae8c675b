"""Site profiles: in how many documents of each site each line occurs, learned, merged, saved, loaded."""

from __future__ import annotations

import hashlib
import io
import math
import os
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import regex

from .errors import ProfileError
from .hash_counts import HashCounts
from .profile_file import (
    PROFILE_MAGIC,
    PROFILE_VERSION,
    ProfileSize,
    SiteTables,
    little_endian,
    profile_header,
    read_sites,
    site_bytes,
    write_profile,
)

__all__ = [
    "PROFILE_MAGIC",
    "PROFILE_VERSION",
    "SiteCounts",
    "SiteProfile",
    "chrome_of",
    "chrome_threshold",
    "document_fingerprint",
    "folder_site",
    "line_hash",
    "normalize_line",
    "site_key",
]

# -- the unit: a line, normalized the way CCNet normalizes lines before hashing them

_DIGIT = regex.compile(r"\d")
# Punctuation, symbols (©, |, →, •, +) and invisible characters: two copies of a menu line differ
# in them ("* Home" and "+ Home", "© 2024" and "© 2025") more often than in their words.
_NOT_TEXT = regex.compile(r"[\p{P}\p{S}\p{C}]+")


def normalize_line(text: str) -> str:
    """A line as CCNet compares lines: lowercased, digits folded to 0, punctuation removed, spacing folded."""
    text = _DIGIT.sub("0", text.lower())
    return " ".join(_NOT_TEXT.sub("", text).split())


def line_hash(text: str) -> int | None:
    """The line's 64-bit hash, the same in every process and run (BLAKE2b of the normalized line).

    None for a line that normalizes to nothing ("*", "|"): it holds no word to count.
    """
    normalized = normalize_line(text)
    if not normalized:
        return None
    return int.from_bytes(hashlib.blake2b(normalized.encode("utf-8"), digest_size=8).digest(), "little")


def document_fingerprint(hashes: Iterable[int]) -> int:
    """A document's identity for the profile: a 64-bit hash of the set of its lines' hashes."""
    data = little_endian(array("Q", sorted(set(hashes))))  # the same fingerprint everywhere
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


# -- the site a document belongs to


def _domain(url: str) -> str | None:
    """`https://www.Example.com/a` -> `example.com`; a url without a scheme is read as a host first."""
    url = url.strip()
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host or "." not in host:
        return None
    return host.lower().removeprefix("www.")


def folder_site(relative: str | Path) -> str:
    """The site key a folder gives the documents in it: `a/b/x.txt` -> `a/b/`, `x.txt` -> `./`."""
    parent = Path(relative).parent.as_posix()
    return "./" if parent in ("", ".") else parent + "/"


def site_key(url: str | None, source: str | None, folder: str | None) -> str | None:
    """The site a document is counted under: its url's domain, else the outlet it names, else its folder.

    Both passes of corpus mode ask this one function, so a document is learned and cleaned under
    the same key. None when the document gives nothing to go by.
    """
    domain = _domain(url) if url else None
    if domain:
        return domain
    if source and source.strip():
        return " ".join(source.split()).casefold()
    return folder or None


# -- the rule


def chrome_threshold(documents: int, min_docs: int, min_share: float) -> int:
    """In how many of its site's `documents` a line must occur to be chrome.

    Both bounds hold: a share alone would let 2 documents of 3 decide; a count alone would take
    a paragraph that a large site syndicated a few times.
    """
    # rounded first: 0.3 * 10 is 3.0000000000000004 in floating point, and must ask for 3
    return max(min_docs, math.ceil(round(min_share * documents, 9)))


# -- the profile


@dataclass(frozen=True)
class SiteCounts:
    """What a profile says about one document's blocks: its site, the site's size, each block's count."""

    site: str
    documents: int  # documents of the site in the profile
    counts: tuple[int, ...]  # by block index: other documents of the site that hold the block's line


class SiteProfile:
    """Per site: how many documents, and for each line hash in how many of them it occurs.

    Counts of hashes only, no text, held as the file holds them: per site, the hashes in one
    sorted array and their counts in another (`HashCounts`, 12 bytes a line). Built one
    document at a time (`add`), merged by adding counts (`merge`: associative and commutative,
    so the map over shards and the reduce can run in any order and on any number of workers),
    saved in a small file that is byte-identical whatever the order the documents came in.

    It also counts the copies of each document (by `document_fingerprint`): a page scraped
    twice is not evidence that its own lines are chrome, so its copies do not count against it.
    """

    def __init__(self) -> None:
        # every site of `_documents` has a table in `_lines` and one in `_copies`
        self._documents: dict[str, int] = {}
        self._lines: dict[str, HashCounts] = {}
        self._copies: dict[str, HashCounts] = {}  # site -> document fingerprint -> copies

    # -- building

    def add(self, site: str, hashes: Iterable[int | None]) -> None:
        """Count one document of a site; a line it holds several times counts once."""
        unique = {h for h in hashes if h is not None}
        self._documents[site] = self._documents.get(site, 0) + 1
        self._table(self._lines, site).add(unique)
        self._table(self._copies, site).add((document_fingerprint(unique),))

    def update(self, other: SiteProfile) -> None:
        """Add another profile's counts to this one (in place)."""
        for site, documents in other._documents.items():
            self._documents[site] = self._documents.get(site, 0) + documents
            for mine, theirs in ((self._lines, other._lines), (self._copies, other._copies)):
                self._table(mine, site).update(theirs[site])

    @staticmethod
    def _table(tables: dict[str, HashCounts], site: str) -> HashCounts:
        table = tables.get(site)
        if table is None:
            table = tables[site] = HashCounts()
        return table

    @classmethod
    def merge(cls, profiles: Iterable[SiteProfile]) -> SiteProfile:
        """The profile of the union of the documents of several profiles: counts added."""
        merged = cls()
        for profile in profiles:
            merged.update(profile)
        return merged

    @classmethod
    def from_sites(cls, sites: Iterable[SiteTables], name: str | Path = "<sites>") -> SiteProfile:
        """The profile of these sites' tables (kept, not copied); `ProfileError` for a site given twice."""
        profile = cls()
        for tables in sites:
            if tables.site in profile._documents:
                raise ProfileError(name, f"inconsistent counts for site {tables.site!r}")
            profile._documents[tables.site] = tables.documents
            profile._lines[tables.site], profile._copies[tables.site] = tables.lines, tables.copies
        return profile

    def chrome(self, min_docs: int, min_share: float) -> SiteProfile:
        """A copy holding only the lines that are chrome by these bounds, and the sites that have any.

        All that the cleaning pass needs (see `chrome_of`). (Merging such copies is not exact:
        merge full profiles.)
        """
        return chrome_of(self.site_tables(), min_docs, min_share)

    # -- reading

    @property
    def sites(self) -> list[str]:
        return sorted(self._documents)

    def documents(self, site: str) -> int:
        """Documents of the site counted in the profile (0 for a site it has not seen)."""
        return self._documents.get(site, 0)

    def count(self, site: str, h: int | None) -> int:
        """Documents of the site that hold the line with this hash."""
        lines = self._lines.get(site)
        return 0 if h is None or lines is None else lines.count(h)

    def lines(self, site: str) -> Mapping[int, int]:
        lines = self._lines.get(site)
        return HashCounts() if lines is None else lines

    def site_tables(self) -> Iterator[SiteTables]:
        """The profile a site at a time, in key order, as the file holds it (the tables, not copies)."""
        for site in self.sites:
            yield SiteTables(site, self._documents[site], self._lines[site], self._copies[site])

    def counts_for(self, site: str, texts: Iterable[str]) -> SiteCounts:
        """The counts of a document's blocks (their texts, in block order) in its site.

        The document's own copies in the profile (itself, when it was learned, and any exact
        duplicate) are not counted: only other documents tell that a line is the site's.
        """
        hashes = [line_hash(t) for t in texts]
        lines = self._lines.get(site)
        copies = self._copies.get(site)
        if lines is None or copies is None:
            return SiteCounts(site, self._documents.get(site, 0), (0,) * len(hashes))
        own = copies.count(document_fingerprint(h for h in hashes if h is not None))
        # a document missing from the profile (one from another corpus) has no copy to take off
        extra = max(own - 1, 0)
        counts = tuple(0 if h is None else max(lines.count(h) - extra, 0) for h in hashes)
        return SiteCounts(site, self._documents.get(site, 0), counts)

    def __len__(self) -> int:
        """Line hashes held, over all sites."""
        return sum(len(lines) for lines in self._lines.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteProfile):
            return NotImplemented
        return (
            self._documents == other._documents
            and self._lines == other._lines
            and self._copies == other._copies
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"SiteProfile({len(self._documents)} sites, {sum(self._documents.values())} documents)"

    # -- the file

    def to_bytes(self) -> bytes:
        """The profile file's bytes (`profile_file.site_bytes` tells the layout): sorted, so equal
        profiles give equal bytes."""
        return profile_header(len(self._documents)) + b"".join(map(site_bytes, self.site_tables()))

    def digest(self) -> str:
        """A short fingerprint of the profile (of its file's bytes)."""
        return hashlib.blake2b(self.to_bytes(), digest_size=16).hexdigest()

    def save(self, path: str | Path) -> ProfileSize:
        """Write the profile file (to a temporary name first, then renamed: never half a file)."""
        return write_profile(path, self.site_tables())

    @classmethod
    def from_bytes(cls, data: bytes, name: str | Path = "<bytes>") -> SiteProfile:
        """Read a profile file's bytes; `ProfileError` names the file and what is wrong with it."""
        return cls.from_sites(read_sites(io.BytesIO(data), name, len(data)), name)

    @classmethod
    def load(cls, path: str | Path) -> SiteProfile:
        """Read a profile file; `ProfileError` names the file when it is missing or bad."""
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, after the sites are read
        except OSError as exc:
            raise ProfileError(path, f"cannot read: {exc.strerror or exc}") from None
        with handle:
            return cls.from_sites(read_sites(handle, path, os.fstat(handle.fileno()).st_size), path)


def chrome_of(sites: Iterable[SiteTables], min_docs: int, min_share: float) -> SiteProfile:
    """The chrome of a profile given a site at a time: only the lines that are chrome by these
    bounds, and the sites that have any.

    All that the cleaning pass needs: most lines of a corpus occur once, so this is a small
    fraction of the profile, and an empty one means the profile changes no output. A site's
    tables can go once this has looked at them: a run learning a large corpus keeps only this.
    """
    chrome = (_site_chrome(tables, min_docs, min_share) for tables in sites)
    return SiteProfile.from_sites(kept for kept in chrome if kept is not None)


def _site_chrome(tables: SiteTables, min_docs: int, min_share: float) -> SiteTables | None:
    """The site's chrome lines (None: it has none)."""
    copies = tables.copies
    # No line is in more distinct documents than the site has, and each document's own copies
    # are taken off its lines' counts (`counts_for`): bounds on what can fire.
    distinct = len(copies)
    fewest_copies = copies.fewest() or 1
    needed = chrome_threshold(tables.documents, min_docs, min_share)
    if distinct < needed:
        return None
    kept = tables.lines.at_least(needed + fewest_copies - 1)
    if not kept:
        return None
    # a document seen once has nothing to take off its lines' counts
    return SiteTables(tables.site, tables.documents, kept, copies.at_least(2))

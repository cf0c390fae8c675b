"""A count of 64-bit hashes kept in two sorted arrays: the compact table a site profile is made of."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise

__all__ = ["HashCounts"]

# Hashes counted before they are merged into the sorted arrays. Merging sorts them, through
# Python ints of about 100 bytes each, so the buffer stays small (`_MAX_PENDING`: 6 MB at most
# while it is merged); it grows with the arrays from `_MIN_PENDING` on, so that a small table,
# of which a profile holds one a site, does not sit beside a buffer larger than itself.
_MIN_PENDING = 4_096
_MAX_PENDING = 65_536


class HashCounts(Mapping[int, int]):
    """How many times each 64-bit hash was counted: the hashes ascending (`array('Q')`) and their
    counts (`array('I')`, same order), 12 bytes a hash, where a dict of Python ints takes about 100.

    `add` appends to a buffer (8 bytes a hash) that is merged into the arrays when it is full or
    when the counts are read; `update` adds another table's counts. Either way the arrays end up
    the same, sorted with counts added, whatever the order the hashes came in. A lookup is a
    binary search.
    """

    __slots__ = ("_counts", "_hashes", "_pending")

    def __init__(self) -> None:
        self._hashes: array[int] = array("Q")
        self._counts: array[int] = array("I")
        self._pending: array[int] = array("Q")

    @classmethod
    def from_arrays(cls, hashes: array[int], counts: array[int]) -> HashCounts:
        """A table from its two arrays (kept, not copied).

        `ValueError` unless the hashes ascend strictly and each has a count of at least 1: a
        binary search in unsorted hashes would miss, silently.
        """
        if hashes.typecode != "Q" or counts.typecode != "I" or len(hashes) != len(counts):
            raise ValueError("a hash table needs as many uint32 counts as uint64 hashes")
        if any(a >= b for a, b in pairwise(hashes)):
            raise ValueError("the hashes are not in strictly ascending order")
        if min(counts, default=1) < 1:
            raise ValueError("a hash in the table with a count of 0")
        table = cls()
        table._hashes, table._counts = hashes, counts
        return table

    # -- counting

    def add(self, hashes: Iterable[int]) -> None:
        """Count each hash given once more (a hash given twice counts twice)."""
        self._pending.extend(hashes)
        if len(self._pending) >= min(_MAX_PENDING, max(_MIN_PENDING, len(self._hashes))):
            self._settle()

    def update(self, other: HashCounts) -> None:
        """Add another table's counts to this one's (in place)."""
        other._settle()
        self._settle()
        if len(other._hashes) > len(self._hashes):  # walk the smaller table, copy the larger
            hashes, counts = array("Q", other._hashes), array("I", other._counts)
            self._hashes, self._counts = _merged(hashes, counts, self._hashes, self._counts)
        else:
            self._hashes, self._counts = _merged(self._hashes, self._counts, other._hashes, other._counts)

    def _settle(self) -> None:
        """Merge the buffer into the arrays."""
        if not self._pending:
            return
        tally = Counter(self._pending)
        self._pending = array("Q")
        keys = sorted(tally)
        self._hashes, self._counts = _merged(
            self._hashes, self._counts, array("Q", keys), array("I", (tally[k] for k in keys))
        )

    # -- reading

    def arrays(self) -> tuple[array[int], array[int]]:
        """The hashes (ascending) and their counts, as the table holds them: do not change them."""
        self._settle()
        return self._hashes, self._counts

    def at_least(self, count: int) -> HashCounts:
        """A new table of the hashes counted at least `count` times."""
        self._settle()
        kept = [i for i, c in enumerate(self._counts) if c >= count]
        table = HashCounts()
        table._hashes = array("Q", (self._hashes[i] for i in kept))
        table._counts = array("I", (self._counts[i] for i in kept))
        return table

    def fewest(self) -> int:
        """The smallest count in the table (0 when it is empty)."""
        self._settle()
        return min(self._counts, default=0)

    def count(self, key: int) -> int:
        """How many times the hash was counted (0: never)."""
        self._settle()
        at = bisect_left(self._hashes, key)
        return self._counts[at] if at < len(self._hashes) and self._hashes[at] == key else 0

    def __getitem__(self, key: int) -> int:
        found = self.count(key)
        if not found:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self.count(key) > 0

    def __iter__(self) -> Iterator[int]:
        self._settle()
        return iter(self._hashes)

    def __len__(self) -> int:
        self._settle()
        return len(self._hashes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HashCounts):
            return super().__eq__(other)
        return self.arrays() == other.arrays()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"HashCounts({len(self)} hashes)"

    # pickled settled, as its two arrays (a worker sends its profile back, Dask moves it around)
    def __getstate__(self) -> tuple[array[int], array[int]]:
        return self.arrays()

    def __setstate__(self, state: tuple[array[int], array[int]]) -> None:
        self._hashes, self._counts = state
        self._pending = array("Q")


def _merged(
    hashes: array[int], counts: array[int], more: array[int], more_counts: array[int]
) -> tuple[array[int], array[int]]:
    """`hashes`/`counts` with `more`/`more_counts` added (all four sorted by hash).

    Python touches each hash of `more` (a binary search); the runs of `hashes` between the new
    ones are copied as slices, in C. So adding a few thousand hashes to a table of a million
    costs a few thousand steps and one copy of the arrays, not a million steps. `counts` is
    changed in place for the hashes already there.
    """
    new: list[tuple[int, int, int]] = []  # (where it goes, hash, count) for hashes not yet there
    low = 0
    for h, c in zip(more, more_counts, strict=True):
        at = bisect_left(hashes, h, low)
        if at < len(hashes) and hashes[at] == h:
            counts[at] += c
        else:
            new.append((at, h, c))
        low = at
    if not new:
        return hashes, counts
    out_hashes, out_counts = array("Q"), array("I")
    start = 0
    for at, h, c in new:
        out_hashes += hashes[start:at]
        out_counts += counts[start:at]
        out_hashes.append(h)
        out_counts.append(c)
        start = at
    out_hashes += hashes[start:]
    out_counts += counts[start:]
    return out_hashes, out_counts

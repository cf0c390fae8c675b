"""The compact count of hashes a site profile is made of: counting, merging, lookups, its arrays."""

from __future__ import annotations

import pickle
import random
from array import array
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.hash_counts import HashCounts

hashes_64 = st.integers(min_value=0, max_value=2**64 - 1)
documents = st.lists(st.lists(hashes_64, max_size=12), max_size=30)


def counted(batches: list[list[int]]) -> HashCounts:
    table = HashCounts()
    for batch in batches:
        table.add(batch)
    return table


def as_dict(table: HashCounts) -> dict[int, int]:
    hashes, counts = table.arrays()
    return dict(zip(hashes, counts, strict=True))


@given(documents)
def test_the_arrays_hold_each_hash_once_ascending_with_its_count(batches: list[list[int]]) -> None:
    table = counted(batches)
    hashes = table.arrays()[0]
    assert list(hashes) == sorted(set(hashes))
    assert as_dict(table) == Counter(h for batch in batches for h in batch)


@given(documents, st.randoms(use_true_random=False))
def test_merging_two_shards_equals_counting_the_whole_in_any_order(
    batches: list[list[int]], rng: random.Random
) -> None:
    shuffled = batches[:]
    rng.shuffle(shuffled)
    cut = rng.randrange(len(shuffled) + 1)
    left, right = counted(shuffled[:cut]), counted(shuffled[cut:])
    left.update(right)
    assert left == counted(batches)
    assert left.arrays() == counted(batches).arrays()


def test_a_large_count_merges_its_buffer_many_times_and_stays_exact() -> None:
    # well past the buffer's size (4,096 hashes at first): the arrays are merged into again and again
    rng = random.Random(7)
    pool = [rng.getrandbits(64) for _ in range(20_000)]
    batches = [rng.sample(pool, 25) for _ in range(3_000)]
    table = counted(batches)
    assert as_dict(table) == Counter(h for batch in batches for h in batch)


def test_update_leaves_the_other_table_as_it_was() -> None:
    small, large = counted([[1, 2]]), counted([[2, 3, 4, 5], [5]])
    small.update(large)
    assert as_dict(small) == {1: 1, 2: 2, 3: 1, 4: 1, 5: 2}
    assert as_dict(large) == {2: 1, 3: 1, 4: 1, 5: 2}


def test_lookups() -> None:
    table = counted([[10, 30], [30], [2**64 - 1]])
    assert [table.count(h) for h in (0, 10, 20, 30, 2**64 - 1)] == [0, 1, 0, 2, 1]
    assert table[30] == 2 and 30 in table and 20 not in table and "30" not in table
    with pytest.raises(KeyError):
        table[20]
    assert list(table) == [10, 30, 2**64 - 1] and len(table) == 3


def test_at_least_keeps_the_hashes_counted_that_often() -> None:
    table = counted([[1, 2, 3], [2, 3], [3]])
    assert as_dict(table.at_least(2)) == {2: 2, 3: 3}
    assert len(table.at_least(4)) == 0
    assert (table.fewest(), HashCounts().fewest()) == (1, 0)


def test_equal_to_a_mapping_with_the_same_counts() -> None:
    assert counted([[5, 6], [6]]) == {5: 1, 6: 2}
    assert counted([[5, 6], [6]]) != counted([[5, 6]])


def test_pickled_as_its_settled_arrays() -> None:
    table = counted([[3, 1], [1]])  # still in the buffer
    copy = pickle.loads(pickle.dumps(table))
    assert copy == table and as_dict(copy) == {1: 2, 3: 1}
    copy.add([3])
    assert copy.count(3) == 2 and table.count(3) == 1


@pytest.mark.parametrize(
    ("hashes", "counts", "message"),
    [
        (array("Q", [2, 1]), array("I", [1, 1]), "ascending"),
        (array("Q", [1, 1]), array("I", [1, 1]), "ascending"),
        (array("Q", [1, 2]), array("I", [1, 0]), "count of 0"),
        (array("Q", [1, 2]), array("I", [1]), "as many"),
        (array("L", [1]), array("I", [1]), "as many"),
    ],
    ids=["descending", "repeated", "zero-count", "short-counts", "wrong-type"],
)
def test_from_arrays_refuses_what_a_binary_search_cannot_use(
    hashes: array[int], counts: array[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        HashCounts.from_arrays(hashes, counts)


def test_from_arrays_keeps_sorted_arrays() -> None:
    table = HashCounts.from_arrays(array("Q", [1, 5, 9]), array("I", [3, 1, 2]))
    assert as_dict(table) == {1: 3, 5: 1, 9: 2}

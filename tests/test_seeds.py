"""The two seed documents come out exactly as expected: text byte for byte, every metadata key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import clean

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(p for p in FIXTURES.glob("seed_*") if p.is_dir())


@pytest.mark.parametrize("case", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_text(case: Path) -> None:
    result = clean((case / "input.txt").read_text(encoding="utf-8"))
    assert result.text == (case / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_metadata(case: Path) -> None:
    result = clean((case / "input.txt").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    got = result.metadata.to_dict()
    for key, value in expected.items():
        assert got[key] == value, key


@pytest.mark.parametrize("case", SEEDS, ids=[p.name for p in SEEDS])
def test_every_removed_block_is_traced(case: Path) -> None:
    result = clean((case / "input.txt").read_text(encoding="utf-8"))
    kept = set(result.text.split("\n\n"))
    for index, block in enumerate(result.blocks):
        if block.strip() not in {k.strip() for k in kept}:
            assert result.fate(index), f"block {index} left without a rule: {block!r}"

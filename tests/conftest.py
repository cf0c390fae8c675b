"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """in/ holding the two seed documents, one of them a folder down."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name, seed in (("000.txt", "seed_000_*"), ("sub/004.txt", "seed_004_*")):
        (root / name).write_bytes((next(FIXTURES.glob(seed)) / "input.txt").read_bytes())
    return root

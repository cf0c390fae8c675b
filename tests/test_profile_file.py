"""The profile file a site at a time: written as a stream, and shares spilled and merged site by site."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cleaner import SiteProfile
from cleaner.corpus import chrome_of
from cleaner.profile_file import ShareSpill, write_profile


def documents(seed: int, count: int = 600) -> list[tuple[str, list[int]]]:
    """Documents of five sites: a few chrome lines each, around lines drawn from a shared pool."""
    rng = random.Random(seed)
    sites = ["a.example", "b.example", "c/", "d/", "é/"]
    chrome = {site: [rng.getrandbits(64) for _ in range(4)] for site in sites}
    pool = [rng.getrandbits(64) for _ in range(3_000)]
    return [(site := rng.choice(sites), chrome[site] + rng.sample(pool, 15)) for _ in range(count)]


def profile_of(docs: list[tuple[str, list[int]]]) -> SiteProfile:
    profile = SiteProfile()
    for site, hashes in docs:
        profile.add(site, hashes)
    return profile


def test_a_profile_written_a_site_at_a_time_has_the_bytes_of_the_whole(tmp_path: Path) -> None:
    profile = profile_of(documents(1))
    size = write_profile(tmp_path / "p.bin", profile.site_tables())
    assert (tmp_path / "p.bin").read_bytes() == profile.to_bytes()
    assert (size.sites, size.documents, size.lines) == (5, 600, len(profile))
    assert SiteProfile.load(tmp_path / "p.bin") == profile


def test_an_empty_profile_written_as_a_stream_loads_back_empty(tmp_path: Path) -> None:
    write_profile(tmp_path / "p.bin", iter(()))
    assert (tmp_path / "p.bin").read_bytes() == SiteProfile().to_bytes()
    assert SiteProfile.load(tmp_path / "p.bin") == SiteProfile()


def test_sites_out_of_key_order_are_refused_and_leave_no_file(tmp_path: Path) -> None:
    tables = list(profile_of(documents(1)).site_tables())
    with pytest.raises(ValueError, match="out of key order"):
        write_profile(tmp_path / "p.bin", tables[::-1])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("shares", [1, 3, 7, 600], ids=["one", "three", "seven", "a-document-each"])
def test_spilled_shares_merge_to_the_profile_of_the_whole(shares: int) -> None:
    docs = documents(2)
    whole = profile_of(docs)
    shuffled = docs[:]
    random.Random(shares).shuffle(shuffled)  # shares of any documents, in any order
    with ShareSpill() as spill:
        for k in range(shares):
            spill.add(profile_of(shuffled[k::shares]).site_tables())
        merged = SiteProfile.from_sites(spill.merged())
    assert merged.to_bytes() == whole.to_bytes()


def test_a_share_without_documents_adds_nothing() -> None:
    docs = documents(3)
    with ShareSpill() as spill:
        spill.add(SiteProfile().site_tables())
        spill.add(profile_of(docs).site_tables())
        spill.add(SiteProfile().site_tables())
        merged = SiteProfile.from_sites(spill.merged())
    assert merged == profile_of(docs)


def test_the_chrome_of_merged_sites_is_the_chrome_of_the_whole() -> None:
    docs = documents(4)
    with ShareSpill() as spill:
        for k in range(4):
            spill.add(profile_of(docs[k::4]).site_tables())
        chrome = chrome_of(spill.merged(), 4, 0.5)
    assert chrome == profile_of(docs).chrome(4, 0.5) and len(chrome) == 20  # 4 lines a site


def test_the_spill_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with ShareSpill() as spill:
        spill.add(profile_of(documents(5, count=50)).site_tables())
        assert list(tmp_path.iterdir()) == []  # unlinked from the start
        assert sum(1 for _ in spill.merged()) == 5
    assert list(tmp_path.iterdir()) == []

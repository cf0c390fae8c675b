"""Site profiles: line normalization and hashes, counting, merging, the file, and the site_chrome step."""

from __future__ import annotations

import math
import random
import struct
from pathlib import Path

import pytest

from cleaner import Cleaner, Config, ProfileError, SiteProfile, clean
from cleaner.corpus import chrome_threshold, folder_site, line_hash, normalize_line, site_key
from corpus_docs import FOOTER, MENU, body, page


@pytest.mark.parametrize(
    ("line", "normalized"),
    [
        ("© 2024 Example News. All Rights Reserved.", "0000 example news all rights reserved"),
        ("* Home", "home"),
        ("+   Home  »", "home"),
        ("Updated 10:45 on 3 May", "updated 0000 on 0 may"),
        ("|", ""),
    ],
    ids=["copyright", "bullet", "plus-and-arrow", "digits", "punctuation-only"],
)
def test_normalize_line_folds_case_digits_punctuation_and_spacing(line: str, normalized: str) -> None:
    assert normalize_line(line) == normalized


def test_line_hash_is_stable_across_runs_and_equal_for_variants() -> None:
    # a fixed value: BLAKE2b of the normalized line, never Python's per-process hash()
    assert line_hash("About us") == line_hash("about us")
    assert line_hash("© 2024 Example") == line_hash("© 2025 example.")
    assert line_hash("* * *") is None


def test_line_hash_value_is_fixed() -> None:
    import hashlib

    expected = int.from_bytes(hashlib.blake2b(b"about us", digest_size=8).digest(), "little")
    assert line_hash("About us!") == expected


@pytest.mark.parametrize(
    ("url", "source", "folder", "key"),
    [
        ("https://www.Example.com/news/1", "Example News", "a/", "example.com"),
        ("example.org/story", None, "a/", "example.org"),
        (None, "Press TV", "a/", "press tv"),
        (None, None, "a/", "a/"),
        (None, None, None, None),
    ],
    ids=["url", "url-without-scheme", "source", "folder", "nothing"],
)
def test_site_key_prefers_the_domain_then_the_source_then_the_folder(
    url: str | None, source: str | None, folder: str | None, key: str | None
) -> None:
    assert site_key(url, source, folder) == key


def test_folder_site() -> None:
    assert folder_site("a/b/x.txt") == "a/b/"
    assert folder_site("x.txt") == "./"


def test_a_line_counts_once_per_document() -> None:
    profile = SiteProfile()
    profile.add("s", [1, 1, 2, None])
    profile.add("s", [1])
    assert (profile.documents("s"), profile.count("s", 1), profile.count("s", 2)) == (2, 2, 1)


def random_profiles(seed: int) -> list[tuple[str, list[int]]]:
    rng = random.Random(seed)
    return [(rng.choice("abc"), [rng.randrange(40) for _ in range(10)]) for _ in range(30)]


def test_merge_of_two_profiles_equals_the_profile_of_the_union() -> None:
    documents = random_profiles(1)
    whole, left, right = SiteProfile(), SiteProfile(), SiteProfile()
    for k, (site, hashes) in enumerate(documents):
        whole.add(site, hashes)
        (left if k % 3 else right).add(site, hashes)
    assert SiteProfile.merge([left, right]) == whole
    assert SiteProfile.merge([right, left]).to_bytes() == whole.to_bytes()


def test_the_file_is_the_same_whatever_the_order_of_the_documents(tmp_path: Path) -> None:
    documents = random_profiles(2)
    forward, backward = SiteProfile(), SiteProfile()
    for site, hashes in documents:
        forward.add(site, hashes)
    for site, hashes in reversed(documents):
        backward.add(site, hashes)
    forward.save(tmp_path / "a.bin")
    backward.save(tmp_path / "b.bin")
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "b.bin").read_bytes()
    assert SiteProfile.load(tmp_path / "a.bin") == forward


def many_documents(seed: int, count: int = 2_000) -> list[tuple[str, list[int]]]:
    """Enough documents that a site's counts are merged from their buffer many times over."""
    rng = random.Random(seed)
    chrome = {site: [rng.getrandbits(64) for _ in range(5)] for site in ("a", "b")}
    pool = [rng.getrandbits(64) for _ in range(5_000)]
    return [
        (site := rng.choice("ab"), chrome[site][: rng.randint(3, 5)] + rng.sample(pool, 20))
        for _ in range(count)
    ]


def profile_of(documents: list[tuple[str, list[int]]]) -> SiteProfile:
    profile = SiteProfile()
    for site, hashes in documents:
        profile.add(site, hashes)
    return profile


def test_a_large_profile_is_the_same_whatever_the_order_and_the_shards() -> None:
    documents = many_documents(3)
    whole = profile_of(documents)
    shuffled = documents[:]
    random.Random(4).shuffle(shuffled)
    shards = [profile_of(shuffled[k::3]) for k in range(3)]
    assert SiteProfile.merge(shards).to_bytes() == whole.to_bytes()
    assert SiteProfile.merge(shards[::-1]) == whole
    counts: dict[tuple[str, int], int] = {}
    for site, hashes in documents:
        for h in set(hashes):
            counts[site, h] = counts.get((site, h), 0) + 1
    assert all(whole.count(site, h) == n for (site, h), n in counts.items())
    assert len(whole) == len(counts)


def test_the_file_round_trip_keeps_every_count(tmp_path: Path) -> None:
    profile = profile_of(many_documents(5))
    profile.save(tmp_path / "p.bin")
    loaded = SiteProfile.load(tmp_path / "p.bin")
    assert loaded == profile and loaded.to_bytes() == profile.to_bytes()
    assert loaded.lines("a") == profile.lines("a") and loaded.documents("b") == profile.documents("b")


def test_the_chrome_copy_keeps_exactly_the_lines_that_can_be_chrome() -> None:
    documents = many_documents(6, count=300)
    documents += [documents[0]] * 2  # one document scraped three times
    profile = profile_of(documents)
    chrome = profile.chrome(4, 0.5)
    for site in ("a", "b"):
        # distinct documents: the copies count once; the fewest copies of a document is 1
        needed = math.ceil(0.5 * profile.documents(site))
        expected = {h: c for h, c in profile.lines(site).items() if c >= needed}
        assert dict(chrome.lines(site).items()) == expected and 3 <= len(expected) <= 5
        assert chrome.documents(site) == profile.documents(site)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: b"NOTAPROF" + data[8:], "not a cleaner profile file"),
        (lambda data: data[:8] + b"\x09\x00\x00\x00" + data[12:], "format version 9"),
        (lambda data: data[:-5], "truncated"),
        (lambda data: data + b"\x00", "trailing bytes"),
        (lambda data: b"", "not a cleaner profile file"),
    ],
    ids=["bad-magic", "other-version", "truncated", "trailing-bytes", "empty"],
)
def test_a_bad_profile_file_is_an_error_naming_the_file(tmp_path: Path, damage: object, message: str) -> None:
    profile = SiteProfile()
    profile.add("example.com", [1, 2, 3])
    path = tmp_path / "profile.bin"
    path.write_bytes(damage(profile.to_bytes()))  # type: ignore[operator]
    with pytest.raises(ProfileError) as error:
        SiteProfile.load(path)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


def test_a_file_with_its_hashes_out_of_order_is_an_error(tmp_path: Path) -> None:
    profile = SiteProfile()
    profile.add("example.com", [1, 2])
    data = bytearray(profile.to_bytes())
    hashes_at = data.index(b"example.com") + len("example.com")
    data[hashes_at : hashes_at + 16] = struct.pack("<QQ", 2, 1)  # the two line hashes swapped
    (tmp_path / "profile.bin").write_bytes(bytes(data))
    with pytest.raises(ProfileError, match=r"inconsistent counts for site 'example\.com': .*ascending"):
        SiteProfile.load(tmp_path / "profile.bin")


def test_a_missing_profile_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"nope\.bin: cannot read"):
        SiteProfile.load(tmp_path / "nope.bin")


@pytest.mark.parametrize(
    ("documents", "min_docs", "share", "needed"),
    [(60, 4, 0.5, 30), (5, 4, 0.5, 4), (10, 4, 0.3, 4), (10, 2, 0.3, 3), (3, 4, 0.5, 4)],
)
def test_chrome_threshold(documents: int, min_docs: int, share: float, needed: int) -> None:
    assert chrome_threshold(documents, min_docs, share) == needed


# -- the site_chrome step


def site_documents(count: int, seed: int = 0, shared: str | None = None) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        paragraphs = body(rng)
        if shared is not None and n < 2:
            paragraphs.insert(1, shared)
        docs.append(page(MENU + paragraphs + FOOTER))
    return docs


def learned(docs: list[str], site: str = "gazette/") -> SiteProfile:
    cleaner, profile = Cleaner(), SiteProfile()
    for doc in docs:
        cleaner.learn(doc, profile, site=site)
    return profile


def test_the_site_chrome_leaves_and_the_body_stays() -> None:
    docs = site_documents(10)
    result = Cleaner(profile=learned(docs)).clean(docs[0], site="gazette/")
    for line in MENU + FOOTER:
        assert line not in result.text
    assert result.text.count("\n\n") == 3  # the four body paragraphs
    chrome = [r for r in result.removed if r.rule == "site_chrome"]
    assert chrome and chrome[0].reason == "in 10 of 10 documents of gazette/"


SYNDICATED = (
    "The ferry company said the harbour crossing would resume on Monday after engineers checked "
    "the damaged ramp and the council approved the emergency repairs overnight."
)


def test_a_syndicated_paragraph_in_2_of_60_documents_stays() -> None:
    docs = site_documents(60, shared=SYNDICATED)
    profile = learned(docs)
    for doc in docs[:2]:
        assert SYNDICATED in Cleaner(profile=profile).clean(doc, site="gazette/").text
    # CCNet's rule, a line seen twice is gone, would lose it
    ccnet = Cleaner(Config(corpus_min_docs=2, corpus_min_share=0.0), profile=profile)
    assert SYNDICATED not in ccnet.clean(docs[0], site="gazette/").text


def test_a_site_below_min_docs_loses_nothing() -> None:
    docs = site_documents(3)
    profile = learned(docs)
    for doc in docs:
        with_profile = Cleaner(profile=profile).clean(doc, site="gazette/")
        assert with_profile == Cleaner().clean(doc, site="gazette/")
        assert not any(r.rule == "site_chrome" for r in with_profile.removed)


def test_copies_of_one_document_are_not_chrome_to_each_other() -> None:
    docs = [site_documents(1)[0]] * 6
    result = Cleaner(profile=learned(docs)).clean(docs[0], site="gazette/")
    assert result == Cleaner().clean(docs[0])


def test_without_a_profile_the_site_changes_nothing() -> None:
    doc = site_documents(1)[0]
    assert clean(doc, site="gazette/") == clean(doc)


def test_a_document_of_another_site_loses_nothing() -> None:
    docs = site_documents(10)
    profile = learned(docs)
    assert Cleaner(profile=profile).clean(docs[0], site="elsewhere/") == Cleaner().clean(docs[0])


def test_the_prose_guard_keeps_long_repeated_prose() -> None:
    docs = site_documents(10)
    guarded = Cleaner(Config(corpus_keep_prose_words=12), profile=learned(docs)).clean(
        docs[0], site="gazette/"
    )
    assert FOOTER[2] in guarded.text and MENU[1] not in guarded.text


def test_cleaning_with_a_profile_is_idempotent() -> None:
    docs = site_documents(10)
    cleaner = Cleaner(profile=learned(docs))
    once = cleaner.clean(docs[0], site="gazette/").text
    assert cleaner.clean(once, site="gazette/").text == once


def test_a_url_names_the_site_in_both_passes() -> None:
    docs = site_documents(8)
    cleaner, profile = Cleaner(), SiteProfile()
    for doc in docs:
        cleaner.learn(doc, profile, url="https://www.gazette.example/x", site="ignored/")
    assert profile.sites == ["gazette.example"]
    result = Cleaner(profile=profile).clean(docs[0], url="https://gazette.example/y")
    assert MENU[1] not in result.text

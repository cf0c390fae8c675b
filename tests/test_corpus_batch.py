"""Corpus mode on folders: the two-pass run, its CLI, reruns, and the same outputs on any engine."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import BatchOptions, Config, SiteProfile, learn_profile, run_batch
from cleaner.batch import PROFILE_STAMP_NAME
from cleaner.cli import app
from corpus_docs import FOOTER, MENU, write_site

runner = CliRunner()


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    """in/gazette (12 documents), in/tribune (8), in/tiny (2): each site's chrome around its bodies."""
    root = tmp_path / "in"
    write_site(root, "gazette", 12)
    write_site(root, "tribune", 8, seed=1)
    write_site(root, "tiny", 2, seed=2)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_folder_run_learns_the_chrome_of_each_site(sites: Path, tmp_path: Path) -> None:
    # the default (auto) mode: where the profile knows the site, the page step leaves the
    # documents to it, so the menus leave as the site's chrome
    summary = run_batch([sites], tmp_path / "out", options=BatchOptions(workers=1))
    assert (summary.profile_sites, summary.profile_documents) == (2, 20)  # tiny/ has too few
    text = (tmp_path / "out/gazette/000.txt").read_text()
    assert not any(line in text for line in MENU + FOOTER)
    assert MENU[1] in (tmp_path / "out/tiny/000.txt").read_text()
    # the chrome lines the rules leave (some are theirs: "Sign in", the copyright), in every document
    chrome = summary.removals_by_rule["site_chrome"]
    assert chrome > 0 and chrome % 20 == 0


def test_no_corpus_cleans_each_document_alone(sites: Path, tmp_path: Path) -> None:
    summary = run_batch([sites], tmp_path / "out", options=BatchOptions(workers=1, corpus=False))
    assert summary.profile_sites == 0 and "site_chrome" not in summary.removals_by_rule
    assert not (tmp_path / "out" / PROFILE_STAMP_NAME).exists()


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_outputs_do_not_depend_on_the_number_of_workers(sites: Path, tmp_path: Path, fmt: str) -> None:
    run_batch([sites], tmp_path / "one", options=BatchOptions(workers=1, format=fmt))  # type: ignore[arg-type]
    run_batch([sites], tmp_path / "two", options=BatchOptions(workers=2, format=fmt))  # type: ignore[arg-type]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_chrome_file_for_the_worker_processes_is_removed_after_the_run(
    sites: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    summary = run_batch([sites], tmp_path / "out", options=BatchOptions(workers=2))
    assert summary.profile_sites == 2 and summary.removals_by_rule["site_chrome"] > 0
    assert list(temporary.iterdir()) == []


def test_outputs_do_not_depend_on_the_order_of_the_inputs(sites: Path, tmp_path: Path) -> None:
    folders = sorted(str(p) for p in sites.iterdir())
    run_batch(folders, tmp_path / "forward", options=BatchOptions(workers=1))
    run_batch(folders[::-1], tmp_path / "backward", options=BatchOptions(workers=2))
    assert tree(tmp_path / "forward") == tree(tmp_path / "backward")


def test_a_learned_profile_file_gives_the_on_the_fly_outputs(sites: Path, tmp_path: Path) -> None:
    profile = learn_profile([sites], options=BatchOptions(workers=2))
    profile.save(tmp_path / "profile.bin")
    run_batch([sites], tmp_path / "fly", options=BatchOptions(workers=1))
    run_batch([sites], tmp_path / "file", profile=SiteProfile.load(tmp_path / "profile.bin"))
    assert tree(tmp_path / "fly") == tree(tmp_path / "file")


def test_profiles_of_two_halves_add_up_to_the_profile_of_the_whole(sites: Path) -> None:
    whole = learn_profile([sites], options=BatchOptions(workers=1))
    halves = [
        learn_profile([sites / name], options=BatchOptions(workers=1)) for name in ("gazette", "tribune")
    ]
    # learned apart, each folder is the input's root: its documents are in site ./
    assert SiteProfile.merge(halves).documents("./") == whole.documents("gazette/") + whole.documents(
        "tribune/"
    )
    both = learn_profile([sites / "gazette", sites / "tribune"], options=BatchOptions(workers=2))
    one_by_one = [learn_profile([sites / "gazette"]), learn_profile([sites / "tribune"])]
    assert both.documents("gazette/") == one_by_one[0].documents("./")


def test_a_rerun_skips_and_a_changed_profile_redoes(sites: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([sites], out)
    again = run_batch([sites], out)
    assert (again.skipped, again.written) == (22, 0)
    write_site(sites, "gazette", 13, seed=0)  # a new document changes what the site repeats
    changed = run_batch([sites], out)
    assert changed.written == 23  # the profile changed: every output is redone, not only the new one
    unchanged = run_batch([sites], out)
    assert unchanged.skipped == 23
    plain = run_batch([sites], out, options=BatchOptions(corpus=False))
    assert plain.written == 23 and MENU[1] in (out / "gazette/000.txt").read_text()


def test_cli_learn_then_clean_with_the_profile(sites: Path, tmp_path: Path) -> None:
    learned = runner.invoke(app, ["learn", str(sites), "-o", str(tmp_path / "p.bin"), "-j", "1"])
    assert learned.exit_code == 0, learned.output
    assert "22 documents, 3 sites" in learned.stderr
    # written a site at a time, the file has the bytes of the profile learned whole
    assert (tmp_path / "p.bin").read_bytes() == learn_profile([sites]).to_bytes()
    cleaned = runner.invoke(
        app,
        ["clean", str(sites / "gazette"), "-o", str(tmp_path / "out"), "--profile", str(tmp_path / "p.bin")],
    )
    assert cleaned.exit_code == 0, cleaned.output
    # the profile was learned on in/, where gazette's documents are in site gazette/; cleaned
    # alone, gazette/ is the root (site ./): the profile knows nothing of it
    assert MENU[1] in (tmp_path / "out/000.txt").read_text()
    cleaned = runner.invoke(
        app, ["clean", str(sites), "-o", str(tmp_path / "all"), "--profile", str(tmp_path / "p.bin")]
    )
    assert "corpus mode: chrome learned on 20 documents of 2 sites" in cleaned.stderr
    assert MENU[1] not in (tmp_path / "all/gazette/000.txt").read_text()


def test_cli_a_bad_profile_is_a_usage_error(sites: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.bin").write_bytes(b"garbage")
    result = runner.invoke(
        app, ["clean", str(sites), "-o", str(tmp_path / "out"), "--profile", str(tmp_path / "bad.bin")]
    )
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"cleaner: error: {tmp_path / 'bad.bin'}: not a cleaner profile file (no CLNRPROF header)"
    )


def test_cli_scheduler_needs_the_dask_engine(sites: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["clean", str(sites), "-o", str(tmp_path / "out"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2 and "--scheduler goes with --engine dask" in result.stderr


def test_the_config_thresholds_reach_the_workers(sites: Path, tmp_path: Path) -> None:
    # tribune/ has 8 documents: below it (article mode: the page step would take the menu too)
    strict = Config(corpus_min_docs=10, mode="article")
    run_batch([sites], tmp_path / "out", config=strict, options=BatchOptions(workers=2))
    assert MENU[1] in (tmp_path / "out/tribune/000.txt").read_text()
    assert MENU[1] not in (tmp_path / "out/gazette/000.txt").read_text()


# -- the Dask engine: a real LocalCluster in the test process (dask is in the dev extra)


@pytest.fixture(scope="module")
def dask_scheduler() -> object:
    distributed = pytest.importorskip("distributed", reason="dask is in the dev extra: install .[dev]")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_the_dask_engine_writes_what_the_local_engine_writes(
    sites: Path, tmp_path: Path, dask_scheduler: str, fmt: str
) -> None:
    local = run_batch([sites], tmp_path / "local", options=BatchOptions(workers=2, format=fmt))  # type: ignore[arg-type]
    on_dask = run_batch(
        [sites],
        tmp_path / "dask",
        options=BatchOptions(engine="dask", scheduler=dask_scheduler, format=fmt),  # type: ignore[arg-type]
    )
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")
    assert on_dask.removals_by_rule == local.removals_by_rule and on_dask.written == 22


def test_the_dask_engine_learns_the_same_profile(sites: Path, dask_scheduler: str) -> None:
    on_dask = learn_profile([sites], options=BatchOptions(engine="dask", scheduler=dask_scheduler))
    assert on_dask.to_bytes() == learn_profile([sites], options=BatchOptions(workers=1)).to_bytes()


def test_the_dask_engine_reports_unreadable_documents(
    sites: Path, tmp_path: Path, dask_scheduler: str
) -> None:
    (sites / "gazette/broken.txt").write_bytes(b"\x00\x01binary")
    summary = run_batch(
        [sites], tmp_path / "out", options=BatchOptions(engine="dask", scheduler=dask_scheduler)
    )
    assert [f.reason for f in summary.failures] == ["binary file (NUL bytes)"]
    assert (tmp_path / "out/errors.jsonl").exists()


def test_the_dask_engine_without_dask_is_a_clear_error(
    sites: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from cleaner import CleanerError

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(CleanerError, match=r"pip install 'cleaner\[dask\]'"):
        run_batch([sites], tmp_path / "out", options=BatchOptions(engine="dask"))

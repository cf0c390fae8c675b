"""Finding the documents of a run and mapping them to mirrored output paths; refusing bad OUTDIRs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner import BatchError, sources
from cleaner.sources import check_outdir, count_sources, find_sources


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (
        "in/a/x.txt",
        "in/a/b/y.html",
        "in/z.txt",
        "in/.hidden.txt",
        "in/.git/config",
        "other/w.txt",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text of {name}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def relatives(inputs: list[str]) -> list[str]:
    return [s.relative.as_posix() for s in find_sources(inputs)]


def test_a_folder_is_walked_sorted_without_hidden_files(tree: Path) -> None:
    assert relatives(["in"]) == ["a/b/y.html", "a/x.txt", "z.txt"]


def test_a_folder_comes_where_its_name_sorts_among_the_files(tree: Path) -> None:
    # by path parts, as `find | sort` on the parts: `a/...` before `a-b.txt`, although "-" < "/"
    (tree / "in/a-b.txt").write_text("text\n")
    assert relatives(["in"]) == ["a/b/y.html", "a/x.txt", "a-b.txt", "z.txt"]


def test_a_link_to_a_folder_is_not_followed_and_a_linked_file_is_taken_once(tree: Path) -> None:
    (tree / "in/link").symlink_to(tree / "in/a", target_is_directory=True)
    (tree / "in/l.txt").symlink_to(tree / "in/z.txt")
    assert relatives(["in"]) == ["a/b/y.html", "a/x.txt", "l.txt"]


def test_the_list_gives_sources_by_index_and_slice(tree: Path) -> None:
    sources = find_sources(["in", "other"])
    assert len(sources) == 4 and sources[3].relative.as_posix() == "other/w.txt"
    assert sources[1:3] == list(sources)[1:3] and sources[-1] == sources[3]
    assert sources[0].path == Path("in/a/b/y.html")


def test_a_long_list_gives_each_source_by_index_as_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # names kept as what each adds to the one before: across blocks, inputs, and names of any length
    names = [f"a/{k:03d}.txt" for k in range(37)] + ["a/b/c/d/deep.txt", "a/é.txt", "a/z" * 30 + ".txt"]
    for name in [*names, "b/x.txt", "c/only.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("text\n")
    monkeypatch.chdir(tmp_path)
    sources = find_sources(["a", "c/only.txt", "b"])
    listed = [s.relative.as_posix() for s in sources]
    assert listed == [*sorted(names), "c/only.txt", "b/x.txt"]
    assert [sources[k] for k in range(len(sources))] == list(sources)
    assert sources[-2].path == Path("c/only.txt") and sources[16].path == Path("a/016.txt")


def test_a_file_name_that_is_not_utf8_comes_back_as_the_file_system_gave_it(tree: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: a lone surrogate in the str
    (tree / "other" / name).write_text("text\n")
    sources = find_sources(["other"])
    assert [s.relative.name for s in sources] == [name, "w.txt"]
    assert sources[0].path.read_text() == "text\n"


def test_paths_keep_what_the_user_typed(tree: Path) -> None:
    assert [str(s.path) for s in find_sources(["in/a"])] == ["in/a/b/y.html", "in/a/x.txt"]


def test_two_folders_keep_their_names(tree: Path) -> None:
    assert relatives(["in/a", "other"]) == ["in/a/b/y.html", "in/a/x.txt", "other/w.txt"]


def test_one_file(tree: Path) -> None:
    assert relatives(["in/a/x.txt"]) == ["x.txt"]


def test_files_keep_the_folders_that_tell_them_apart(tree: Path) -> None:
    assert relatives(["in/z.txt", "in/a/x.txt"]) == ["z.txt", "a/x.txt"]


def test_glob_pattern(tree: Path) -> None:
    assert relatives(["in/**/*.txt"]) == ["a/x.txt", "z.txt"]


def test_a_glob_of_folders_is_like_the_shell_expansion(tree: Path) -> None:
    assert relatives(["in/*/"]) == relatives(["in/a/"]) == ["b/y.html", "x.txt"]


def test_an_explicit_hidden_file_is_taken(tree: Path) -> None:
    assert relatives(["in/.hidden.txt"]) == [".hidden.txt"]


def test_each_document_once(tree: Path) -> None:
    assert relatives(["in", "in/a/x.txt", "./in/z.txt"]) == ["a/b/y.html", "a/x.txt", "z.txt"]


def test_a_folder_given_again_through_a_link_is_taken_once(tree: Path) -> None:
    (tree / "again").symlink_to(tree / "in/a", target_is_directory=True)
    assert relatives(["in", "again"]) == ["in/a/b/y.html", "in/a/x.txt", "in/z.txt"]


def test_a_file_given_twice_is_taken_once(tree: Path) -> None:
    (tree / "same.txt").symlink_to(tree / "other/w.txt")
    assert relatives(["other/w.txt", "same.txt", "in/z.txt"]) == ["other/w.txt", "in/z.txt"]


@pytest.mark.parametrize(
    ("inputs", "overlap"),
    [
        (["in", "other"], False),
        (["in/a", "in/z.txt"], False),
        (["in/a", "in/a-b"], False),
        (["in", "in/a"], True),
        (["in/a", "in", "other"], True),
        (["in/z.txt", "./in/z.txt"], True),
        (["in/a", "in/a-b", "in/a/b"], True),
    ],
    ids=["apart", "file-beside", "name-prefix", "inside", "out-of-order", "same-file", "past-a-name-prefix"],
)
def test_inputs_overlap_when_one_is_inside_another(tree: Path, inputs: list[str], overlap: bool) -> None:
    (tree / "in/a-b").mkdir()
    assert sources._roots_overlap([Path(i) for i in inputs]) is overlap


@pytest.mark.parametrize(("at_most", "counted"), [(1, 1), (2, 2), (3, 3), (10, 3)])
def test_a_quick_count_stops_at_its_bound(tree: Path, at_most: int, counted: int) -> None:
    assert count_sources(["in", "in/a/x.txt"], at_most) == counted  # each document once, as listed


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (["missing"], "missing: no such file or folder"),
        (["in/*.pdf"], "in/*.pdf: the pattern matches no file"),
        ([], "no input given"),
    ],
    ids=["missing", "glob-without-match", "nothing"],
)
def test_bad_inputs(tree: Path, inputs: list[str], message: str) -> None:
    with pytest.raises(BatchError, match=message.replace("*", r"\*")):
        find_sources(inputs)


@pytest.mark.parametrize(
    "outdir", ["in", "in/out", "in/a/deep/out", "in/z.txt"], ids=["same", "inside", "deep", "file"]
)
def test_outdir_inside_an_input_is_refused(tree: Path, outdir: str) -> None:
    with pytest.raises(BatchError, match="output folder"):
        check_outdir(["in"], outdir)


def test_outdir_beside_the_input_is_fine(tree: Path) -> None:
    check_outdir(["in"], "out")
    check_outdir(["in/a/x.txt"], "in/out")  # a file's folder is not an input

"""`cleaner clean`: every flag, exit statuses, failures reported, reruns, interrupted runs."""

from __future__ import annotations

import builtins
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import cleaner.cli_report
import cleaner.io
import cleaner.output
from cleaner.cli import app, clean_app

FIXTURES = Path(__file__).parent / "fixtures"
SEED_000 = next(FIXTURES.glob("seed_000_*"))
SEED_004 = next(FIXTURES.glob("seed_004_*"))
EXPECTED_000 = (SEED_000 / "expected.txt").read_text(encoding="utf-8")
EXPECTED_004 = (SEED_004 / "expected.txt").read_text(encoding="utf-8")
TITLE_004 = "U.S.: it is up to Afghans to defend country as Taliban advance"
CAPTION_004 = "Pentagon spokesman John Kirby speaks during a briefing at the Pentagon"

runner = CliRunner()


def run(*args: str | Path, stdin: str | None = None) -> Any:
    return runner.invoke(app, ["clean", *map(str, args)], input=stdin)


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# -- outputs and formats


def test_folder_to_mirrored_txt_and_json(corpus: Path, tmp_path: Path) -> None:
    result = run(corpus, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert files(out) == ["000.json", "000.txt", "sub/004.json", "sub/004.txt"]
    assert (out / "000.txt").read_text() == EXPECTED_000
    assert (out / "sub/004.txt").read_text() == EXPECTED_004
    meta = json.loads((out / "sub/004.json").read_text())
    assert meta["schema_version"] == 1 and meta["input"]["path"] == "sub/004.txt"
    assert meta["metadata"]["title"] == TITLE_004 and meta["removed"]


def test_format_jsonl(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus, "-o", tmp_path / "out", "--format", "jsonl").exit_code == 0
    assert files(tmp_path / "out") == ["documents.jsonl"]
    records = [json.loads(x) for x in (tmp_path / "out/documents.jsonl").read_text().splitlines()]
    assert [(r["schema_version"], r["input"]["path"]) for r in records] == [
        (1, "000.txt"),
        (1, "sub/004.txt"),
    ]
    assert records[1]["text"] == EXPECTED_004


def test_format_md(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus, "-o", tmp_path / "out", "-f", "md").exit_code == 0
    assert files(tmp_path / "out") == ["000.md", "sub/004.md"]
    page = (tmp_path / "out/sub/004.md").read_text()
    assert page.startswith(f'---\ntitle: "{TITLE_004}"\n')
    assert page.endswith("---\n\n" + EXPECTED_004)


def test_glob_input(corpus: Path, tmp_path: Path) -> None:
    assert run(f"{corpus}/**/*.txt", "-o", tmp_path / "out").exit_code == 0
    assert files(tmp_path / "out") == ["000.json", "000.txt", "sub/004.json", "sub/004.txt"]


def test_file_inputs(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus / "sub/004.txt", "-o", tmp_path / "out").exit_code == 0
    assert files(tmp_path / "out") == ["004.json", "004.txt"]


@pytest.mark.parametrize(
    ("fmt", "start"), [("txt", EXPECTED_000[:40]), ("jsonl", '{"schema_version": 1'), ("md", "---\n")]
)
def test_stdin_to_stdout(fmt: str, start: str) -> None:
    result = run("-", "-f", fmt, stdin=(SEED_000 / "input.txt").read_text())
    assert result.exit_code == 0
    assert result.stdout.startswith(start)
    assert result.stderr == ""


def test_stdin_too_large() -> None:
    result = run("-", "--max-bytes", "100", stdin=(SEED_000 / "input.txt").read_text())
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == "cleaner: error: <stdin>: too large: over the 100-byte limit (--max-bytes)"
    )


def test_the_clean_script_is_the_same_command(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(clean_app, [str(corpus), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    assert (tmp_path / "out/000.txt").read_text() == EXPECTED_000


# -- switches and configuration


def test_keep_captions(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus, "-o", tmp_path / "out").exit_code == 0
    assert CAPTION_004 not in (tmp_path / "out/sub/004.txt").read_text()
    assert run(corpus, "-o", tmp_path / "kept", "--keep-captions").exit_code == 0
    assert CAPTION_004 in (tmp_path / "kept/sub/004.txt").read_text()


def test_title_first_line(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus, "-o", tmp_path / "out", "--title-first-line").exit_code == 0
    assert (tmp_path / "out/sub/004.txt").read_text() == f"{TITLE_004}\n\n{EXPECTED_004}"


def test_disable_a_rule(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus, "-o", tmp_path / "out", "--disable", "share_buttons").exit_code == 0
    assert "SHARE THIS ARTICLE" in (tmp_path / "out/000.txt").read_text()


@pytest.mark.parametrize(
    "table", ["", "[cleaner]\n", "[tool.cleaner]\n"], ids=["top-level", "cleaner", "tool.cleaner"]
)
def test_config_file(corpus: Path, tmp_path: Path, table: str) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text(f"{table}title_first_line = true\ndisabled_rules = ['share_buttons']\n")
    assert run(corpus, "-o", tmp_path / "out", "--config", config).exit_code == 0
    assert (tmp_path / "out/sub/004.txt").read_text().startswith(TITLE_004 + "\n\n")
    assert "SHARE THIS ARTICLE" in (tmp_path / "out/000.txt").read_text()


USER_RULES = """
[pack]
name = "mine"
description = "My own residue."

[[rules]]
id = "kirby_quote"
description = "Test rule: drops the paragraph with Kirby's quote."
action = "drop"
pattern = '"These are their military forces.*'
ignore_case = false
"""


def test_rules_file(corpus: Path, tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(USER_RULES)
    result = run(corpus, "-o", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 0
    assert "These are their military forces" not in (tmp_path / "out/sub/004.txt").read_text()
    removed = json.loads((tmp_path / "out/sub/004.json").read_text())["removed"]
    assert "kirby_quote" in {r["rule"] for r in removed}


@pytest.mark.parametrize(
    ("flag", "content", "message"),
    [
        (
            "--rules",
            "[[rules]]\nid = 'Bad Id'\ndescription = 'x'\npattern = 'x'\naction = 'drop'\n",
            "snake_case",
        ),
        ("--rules", "not toml [", "invalid TOML"),
        ("--config", "no_such_key = 1\n", "unknown config key(s): no_such_key"),
    ],
    ids=["bad-rule", "bad-toml", "unknown-key"],
)
def test_bad_rules_or_config_is_a_usage_error(
    corpus: Path, tmp_path: Path, flag: str, content: str, message: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content)
    result = run(corpus, "-o", tmp_path / "out", flag, bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("cleaner: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_max_bytes(corpus: Path, tmp_path: Path) -> None:
    result = run(corpus, "-o", tmp_path / "out", "--max-bytes", "3050")
    assert result.exit_code == 1
    assert "004.txt: too large: 3,079 bytes, over the 3,050-byte limit (--max-bytes)" in result.stderr
    assert {json.loads(x)["path"] for x in (tmp_path / "out/errors.jsonl").read_text().splitlines()} == {
        str(corpus / "sub/004.txt")  # the other seed has 3,022 bytes
    }


def test_max_bytes_must_be_a_size(corpus: Path, tmp_path: Path) -> None:
    result = run(corpus, "-o", tmp_path / "out", "--max-bytes", "lots")
    assert result.exit_code == 2
    assert "not a size" in result.stderr


# -- progress, summary, quiet


def test_summary(corpus: Path, tmp_path: Path) -> None:
    result = run(corpus, "-o", tmp_path / "out")
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("2 documents in ") and "2 written, 0 up to date, 0 failed" in lines[0]
    assert lines[1].startswith("bytes: 6.1 kB in, ") and "removed" in lines[1]
    assert lines[2].startswith("top rules: ") and "related_links_list " in lines[2]
    assert lines[-1] == f"output: {tmp_path / 'out'}"


def test_quiet(corpus: Path, tmp_path: Path) -> None:
    result = run(corpus, "-o", tmp_path / "out", "-q")
    assert (result.exit_code, result.output) == (0, "")


def test_plain_progress_lines_off_a_terminal(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cleaner.cli_report, "PLAIN_INTERVAL_SECONDS", 0.0)
    result = run(corpus, "-o", tmp_path / "out", "-j", "1")
    assert "1/2 documents (50%)" in result.stderr and "2/2 documents (100%)" in result.stderr
    assert "\x1b[" not in result.stderr


def test_progress_bar_on_a_terminal(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(corpus), "-o", str(tmp_path / "out")], env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[" in result.stderr  # rich drew (and then cleared) its bar


# -- usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{in}"], "missing -o OUTDIR"),
        (["{in}/nothing-here", "-o", "{tmp}/out"], "nothing-here: no such file or folder"),
        (["{in}/*.pdf", "-o", "{tmp}/out"], "the pattern matches no file"),
        (["{in}", "-o", "{in}/out"], "the output folder is inside the input"),
        (["{in}", "-o", "{in}"], "the output folder is an input"),
        (["-", "-o", "{tmp}/out"], "give it alone, without -o"),
    ],
    ids=["no-output", "missing-input", "empty-glob", "outdir-inside", "outdir-is-input", "stdin-and-output"],
)
def test_usage_errors(corpus: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*(a.format(**{"in": corpus, "tmp": tmp_path}) for a in args))
    assert result.exit_code == 2
    assert result.stderr.startswith("cleaner: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (corpus / "out").exists() and not (tmp_path / "out").exists()


def test_typer_usage_errors_exit_2(corpus: Path) -> None:
    assert run(corpus, "-o", "x", "-j", "0").exit_code == 2
    assert run(corpus, "-o", "x", "--format", "pdf").exit_code == 2
    assert run().exit_code == 2


# -- a folder of awkward files


@pytest.fixture
def awkward(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds plus a binary file, an empty one, UTF-16, Latin-1 and one that cannot be read."""
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "utf16.txt").write_text(EXPECTED_004, encoding="utf-16")
    (corpus / "latin1.txt").write_bytes(
        "Le caf\u00e9 est ferm\u00e9 depuis d\u00e9j\u00e0 trois ans, dit-il.\n".encode("latin-1")
    )
    locked = corpus / "locked.txt"
    locked.write_text(EXPECTED_000)
    locked.chmod(0)
    # We run as root, and root reads a chmod 000 file anyway: make `open` refuse it as the kernel
    # would refuse a normal user (run in-process with -j 1, so the workers are this process).

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(cleaner.io, "open", refuse, raising=False)
    return corpus


def test_awkward_files_are_reported_and_the_rest_cleaned(awkward: Path, tmp_path: Path) -> None:
    result = run(awkward, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    failures = [json.loads(x) for x in (tmp_path / "out/errors.jsonl").read_text().splitlines()]
    assert failures == [
        {"path": str(awkward / "empty.txt"), "reason": "empty file"},
        {"path": str(awkward / "image.png"), "reason": "binary file (NUL bytes)"},
        {"path": str(awkward / "locked.txt"), "reason": "permission denied"},
    ]
    for failure in failures:
        assert f"failed: {failure['path']}: {failure['reason']}" in result.stderr
    assert "3 failed" in result.stderr and "errors.jsonl" in result.stderr
    out = tmp_path / "out"
    assert (out / "utf16.txt").read_text() == EXPECTED_004
    assert json.loads((out / "utf16.json").read_text())["input"]["encoding"] == "utf-16"
    assert (
        out / "latin1.txt"
    ).read_text() == "Le caf\u00e9 est ferm\u00e9 depuis d\u00e9j\u00e0 trois ans, dit-il.\n"
    assert json.loads((out / "latin1.json").read_text())["input"]["encoding"] == "latin-1"
    assert (out / "000.txt").read_text() == EXPECTED_000


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_unreadable_file_for_real(corpus: Path, tmp_path: Path) -> None:
    (corpus / "locked.txt").write_text(EXPECTED_000)
    (corpus / "locked.txt").chmod(0)
    result = run(corpus, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "locked.txt: permission denied" in result.stderr


# -- reruns and interruptions


def test_rerun_skips_up_to_date_documents(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(corpus, "-o", out).exit_code == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = run(corpus, "-o", out)
    assert again.exit_code == 0 and "0 written, 2 up to date" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps
    later = time.time() + 5
    os.utime(corpus / "000.txt", (later, later))
    assert "1 written, 1 up to date" in run(corpus, "-o", out).stderr
    assert "2 written, 0 up to date" in run(corpus, "-o", out, "--force").stderr


def test_a_missing_json_is_redone(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, "-o", out)
    (out / "000.json").unlink()
    assert "1 written, 1 up to date" in run(corpus, "-o", out).stderr
    assert (out / "000.json").exists()


def test_interrupted_run_leaves_no_partial_file(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(6):
        (corpus / f"copy{n}.txt").write_bytes((SEED_000 / "input.txt").read_bytes())
    real_fdopen = os.fdopen
    writes = 0

    class HalfWriter:
        """A file whose fifth write stops half-way with Ctrl-C, as an interrupted writer would."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: str) -> int:
            nonlocal writes
            writes += 1
            if writes == 5:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise KeyboardInterrupt
            return int(self.handle.write(data))

    monkeypatch.setattr(cleaner.output.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    out = tmp_path / "out"
    result = run(corpus, "-o", out, "-j", "1")
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    written = files(out)
    assert written == ["000.json", "000.txt", "copy0.json", "copy0.txt"]  # whole documents, no temp file
    for name in written:
        assert (out / name).read_text().endswith("\n")
    assert (out / "copy0.txt").read_text() == EXPECTED_000
    monkeypatch.undo()
    rerun = run(corpus, "-o", out, "-j", "1")
    assert rerun.exit_code == 0 and "6 written, 2 up to date" in rerun.stderr


# -- as a real process


def cleaner_process(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "cleaner", *map(str, args)]


def test_subprocess_run(corpus: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        cleaner_process("clean", corpus, "-o", tmp_path / "out"), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/sub/004.txt").read_text() == EXPECTED_004
    assert "2 written" in done.stderr and done.stdout == ""


def test_subprocess_sigterm_leaves_whole_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for n in range(400):
        (root / f"{n:03d}.txt").write_bytes((SEED_000 / "input.txt").read_bytes())
    out = tmp_path / "out"
    process = subprocess.Popen(
        cleaner_process("clean", root, "-o", out, "-j", "2", "-q"), stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while not (out / "010.txt").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    if process.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    names = files(out)
    assert all(not n.startswith(".") and n.endswith((".txt", ".json")) for n in names), names
    for name in names:
        text = (out / name).read_text()
        if name.endswith(".txt"):
            assert text == EXPECTED_000
        else:
            json.loads(text)

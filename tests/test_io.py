"""Reading documents: encodings detected, binary and empty files refused, size limit, HTML sniffed."""

from __future__ import annotations

import builtins
import codecs
from pathlib import Path
from typing import Any

import pytest

import cleaner.io
from cleaner import InputError
from cleaner.io import decode_bytes, format_size, looks_like_html, parse_size, read_bytes, read_document

TEXT = "He said \u201chello\u201d \u2014 the caf\u00e9\u2019s owner paid \u20ac5 for d\u00e9j\u00e0 vu.\n"
LATIN_1 = "Le caf\u00e9 \u00e0 c\u00f4t\u00e9 de la gare est d\u00e9j\u00e0 ferm\u00e9, dit-il.\n"
RUSSIAN = "Привет, это текст на русском языке.\n"

DECODED = [
    pytest.param(TEXT.encode("utf-8"), TEXT, "utf-8", id="utf-8"),
    pytest.param(TEXT.encode("utf-8-sig"), TEXT, "utf-8", id="utf-8-bom"),
    pytest.param(TEXT.encode("utf-16"), TEXT, "utf-16", id="utf-16-bom"),
    pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, "utf-16", id="utf-16-be-bom"),
    pytest.param(TEXT.encode("utf-16-le"), TEXT, "utf-16", id="utf-16-le-without-bom"),
    pytest.param(TEXT.encode("utf-32"), TEXT, "utf-32", id="utf-32-bom"),
    pytest.param(TEXT.encode("cp1252"), TEXT, "windows-1252", id="windows-1252"),
    pytest.param(LATIN_1.encode("latin-1"), LATIN_1, "latin-1", id="latin-1"),
    pytest.param("caf\u00e9\n".encode("latin-1"), "caf\u00e9\n", "latin-1", id="latin-1-one-word"),
    pytest.param(RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251", id="windows-1251-by-detection"),
    pytest.param(
        "mojibake: caf\u00c3\u00a9\x80\n".encode(),
        "mojibake: caf\u00c3\u00a9\x80\n",
        "utf-8",
        id="c1-not-binary",
    ),
]


@pytest.mark.parametrize(("data", "text", "encoding"), DECODED)
def test_decode_bytes(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


REFUSED = [
    pytest.param(b"", "empty file", id="empty"),
    pytest.param(b" \n\t\n", "empty file (only whitespace)", id="whitespace"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)", id="nul-bytes"),
    pytest.param(bytes(range(1, 32)) * 20 + b"text", "binary file (control characters)", id="control-chars"),
]


@pytest.mark.parametrize(("data", "reason"), REFUSED)
def test_decode_bytes_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "doc.txt")
    assert caught.value.reason == reason
    assert str(caught.value) == f"doc.txt: {reason}"


def test_read_document_reports_what_it_learned(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_bytes(b"<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    doc = read_document(path)
    assert (doc.encoding, doc.size, doc.html) == ("utf-8", path.stat().st_size, True)


def test_max_bytes_refuses_a_larger_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 400)
    assert read_bytes(path, max_bytes=2000) == path.read_bytes()
    with pytest.raises(
        InputError, match=r"too large: 2,000 bytes, over the 1,000-byte limit \(--max-bytes\)"
    ):
        read_bytes(path, max_bytes=1000)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_bytes(tmp_path)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # We run as root, which reads a chmod 000 file anyway: simulate the refusal at `open`.
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(cleaner.io, "open", refuse, raising=False)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.reason == "permission denied"


HTML = [
    pytest.param("<!DOCTYPE html>\n<html><head></head><body>x</body></html>", True, id="doctype"),
    pytest.param("\ufeff  <html lang='en'><body>x</body></html>", True, id="html-root"),
    pytest.param("<div class='a'><p>One</p><p>Two</p></div>", True, id="fragment"),
    pytest.param("Title\n\n<body> was seen in the text", True, id="body-tag-in-text"),
    pytest.param("A plain article.\n\nIt mentions a <div> once.", False, id="prose-quoting-a-tag"),
    pytest.param("<3 love this recipe\n\nSo good.", False, id="heart"),
    pytest.param("News / World\n\nHeadline\n\nBody text.", False, id="scraped-text"),
]


@pytest.mark.parametrize(("text", "expected"), HTML)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    ("text", "size"),
    [("5000", 5000), ("500k", 500_000), ("20MB", 20_000_000), ("1GiB", 2**30), ("1.5 mb", 1_500_000)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_parse_size_refuses_words() -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


@pytest.mark.parametrize(("size", "text"), [(950, "950 B"), (12_300, "12.3 kB"), (4_500_000, "4.5 MB")])
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text

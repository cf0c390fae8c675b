"""Reading documents from disk: bytes within a size limit, binary refused, encoding detected, HTML sniffed."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import charset_normalizer
import regex

from .errors import InputError
from .html import looks_like_html

__all__ = [
    "DEFAULT_MAX_BYTES",
    "InputText",
    "decode_bytes",
    "format_size",
    "looks_like_html",
    "parse_size",
    "read_bytes",
    "read_document",
    "read_stream",
    "too_large",
]

# trafilatura refuses pages over 20 MB too: past that a "document" is a dump, not an article.
DEFAULT_MAX_BYTES = 20_000_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Western text in Windows-1252 or Latin-1 is mostly ASCII letters; Cyrillic or Greek bytes read as
# Windows-1252 come out as a run of accented capitals. French and German prose stay under 10%
# non-ASCII letters, Portuguese and Icelandic under 20%: 30% leaves room and still tells them apart.
_WESTERN_MAX_NON_ASCII_LETTERS = 0.30

# Text holds tabs and line breaks, not other C0 control characters; a file where more than 1% of
# the characters are such controls is binary data that happened to decode (an image, an archive).
# C1 controls (U+0080-U+009F) do not count: they are the mark of mojibake, which is repaired.
_BINARY_MAX_CONTROL_SHARE = 0.01
_BINARY_CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass(frozen=True)
class InputText:
    """A document's decoded text, with what was learned while reading it."""

    text: str
    encoding: str  # the codec that decoded it: "utf-8", "utf-16", "windows-1252", "latin-1", ...
    size: int  # bytes read
    html: bool  # the content looks like an HTML page or fragment


def too_large(max_bytes: int, size: int | None = None) -> str:
    """The reason given for a document over the size limit."""
    found = f"{size:,} bytes, " if size else ""
    return f"too large: {found}over the {max_bytes:,}-byte limit (--max-bytes)"


def read_bytes(path: str | Path, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes; `InputError` names the file and the reason it cannot be read."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:  # plain `open`: tests replace it to simulate errors
            size = os.fstat(handle.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise InputError(path, too_large(max_bytes, size))
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:  # a file that grew, or a pipe
        raise InputError(path, too_large(max_bytes))
    return data


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text that lost its BOM: its ASCII characters leave a NUL in every other byte."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.4 * len(zeros) and other.count(0) <= 0.01 * len(other):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _western(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 or Latin-1 text, when the bytes read that way look like Western prose."""
    try:
        text, encoding = data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        # five bytes are undefined in Windows-1252; Latin-1 maps every byte
        text, encoding = data.decode("latin-1"), "latin-1"
    if encoding == "windows-1252" and not any(0x80 <= b <= 0x9F for b in data):
        encoding = "latin-1"  # the two agree outside 0x80-0x9F: name the plainer one
    letters = [c for c in text if c.isalpha()]
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    if letters and non_ascii / len(letters) > _WESTERN_MAX_NON_ASCII_LETTERS:
        return None
    return text, encoding


def _looks_binary(text: str) -> bool:
    return len(_BINARY_CONTROLS.findall(text)) > _BINARY_MAX_CONTROL_SHARE * len(text)


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode a document's bytes: `(text, encoding)`; `InputError` for binary or undecodable data.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); NUL bytes (UTF-16 without a BOM, else
    binary); strict UTF-8; Windows-1252 or Latin-1 when the result looks Western; else
    charset-normalizer's best guess (Cyrillic, CJK and other legacy encodings).
    """
    if not data.strip():
        raise InputError(path, "empty file" if not data else "empty file (only whitespace)")
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), codec.removesuffix("-sig")
            except UnicodeDecodeError:
                raise InputError(path, f"undecodable bytes after a {codec} byte-order mark") from None
            break
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(path, "binary file (NUL bytes)")
        encoding = "utf-16"
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            western = _western(data)
            if western is not None:
                text, encoding = western
            else:
                best = charset_normalizer.from_bytes(data).best()
                if best is None:
                    raise InputError(path, "undecodable bytes: not text in any known encoding") from None
                text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise InputError(path, "binary file (control characters)")
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    return text, encoding


def _input_text(data: bytes, name: str | Path) -> InputText:
    text, encoding = decode_bytes(data, name)
    return InputText(text=text, encoding=encoding, size=len(data), html=looks_like_html(text))


def read_document(path: str | Path, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> InputText:
    """Read and decode one document; `InputError` says why a file cannot be used."""
    return _input_text(read_bytes(path, max_bytes=max_bytes), path)


def read_stream(
    stream: BinaryIO, name: str = "<stdin>", *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> InputText:
    """Read and decode one document from a binary stream (standard input)."""
    data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(name, too_large(max_bytes))
    return _input_text(data, name)


_SIZE = regex.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?)?b?\s*", regex.IGNORECASE)
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "ki": 2**10, "mi": 2**20, "gi": 2**30}


def parse_size(text: str) -> int:
    """A byte count written `5000000`, `500k`, `20MB` or `1GiB`; `ValueError` for anything else."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (write e.g. 500000, 500k, 20MB)")
    return int(float(match[1]) * _UNITS[(match[2] or "").lower()])


def format_size(size: float) -> str:
    """A byte count for people: `950 B`, `12.3 kB`, `4.5 MB`."""
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")  # pragma: no cover

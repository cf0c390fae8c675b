"""TOML reading: the standard library's tomllib (tomli on Python 3.10), with errors naming the file."""

import sys
from pathlib import Path
from typing import Any

from .errors import CleanerError

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError, loads
else:  # pragma: no cover - exercised on Python 3.10 only
    from tomli import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "loads", "read_file"]


def read_file(path: Path, what: str, error: type[CleanerError]) -> dict[str, Any]:
    """Parse a TOML file; a file that cannot be read or parsed raises `error`, naming it."""
    try:
        data: dict[str, Any] = loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML: {exc}") from exc
    return data

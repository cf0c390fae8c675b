"""The project's own exceptions: what the library raises and the CLI turns into one clear line."""

from __future__ import annotations

from pathlib import Path

__all__ = ["BatchError", "CleanerError", "ConfigError", "InputError", "ProfileError", "RuleError"]


class CleanerError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigError(CleanerError):
    """A configuration file or value that cannot be used."""


class RuleError(CleanerError):
    """A rule or rule file that is malformed (bad pattern, unknown action, empty alternation)."""


class InputError(CleanerError):
    """A document that cannot be read or cleaned; names the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class BatchError(CleanerError):
    """A batch run that cannot start: an input that does not exist, an OUTDIR inside an input."""


class ProfileError(CleanerError):
    """A site profile file that cannot be read: missing, not a profile, another version, corrupt."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

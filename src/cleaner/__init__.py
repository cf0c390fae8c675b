"""cleaner: scraped news text and HTML in, clean article body plus structured metadata out."""

from .batch import BatchOptions, BatchSummary, run_batch
from .cleaner import Cleaner, clean
from .config import Config
from .document import Caption, Metadata, Removal, Result
from .errors import BatchError, CleanerError, ConfigError, InputError, RuleError

__all__ = [
    "BatchError",
    "BatchOptions",
    "BatchSummary",
    "Caption",
    "Cleaner",
    "CleanerError",
    "Config",
    "ConfigError",
    "InputError",
    "Metadata",
    "Removal",
    "Result",
    "RuleError",
    "clean",
    "run_batch",
]

__version__ = "0.1.0"

"""cleaner: scraped news text and HTML in, clean article body plus structured metadata out."""

from .cleaner import Cleaner, clean
from .config import Config
from .document import Caption, Metadata, Removal, Result
from .errors import CleanerError, ConfigError, InputError, RuleError

__all__ = [
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
]

__version__ = "0.1.0"

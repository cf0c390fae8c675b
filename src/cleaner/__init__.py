"""cleaner: scraped news text and HTML in, clean article body plus structured metadata out."""

from .batch import BatchOptions, BatchSummary, learn_profile, run_batch, save_learned_profile
from .cleaner import Cleaner, clean
from .config import Config
from .corpus import SiteProfile
from .document import Caption, Metadata, Removal, Result
from .errors import BatchError, CleanerError, ConfigError, InputError, ProfileError, RuleError

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
    "ProfileError",
    "Removal",
    "Result",
    "RuleError",
    "SiteProfile",
    "clean",
    "learn_profile",
    "run_batch",
    "save_learned_profile",
]

__version__ = "0.1.0"

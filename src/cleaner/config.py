"""The one configuration object, loadable from TOML; the CLI maps its flags onto it and nothing else."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ._toml import read_file
from .errors import ConfigError

__all__ = ["Config"]


@dataclass(frozen=True)
class Config:
    """Every switch of the cleaner, named after what it does.

    Normalization repairs what is broken and leaves typography alone: curly quotes, dashes and
    ellipses stay as the site printed them, because readers and language models both want them;
    only mojibake, HTML entities, control characters, odd and no-break spaces, zero-width
    characters, soft hyphens and line endings are fixed, and the text is put in NFC.
    """

    # -- normalization (ftfy runs only where a cheap check finds something to repair)
    fix_mojibake: bool = True
    unescape_html: bool = True
    normalize_spaces: bool = True
    remove_zero_width: bool = True
    normalize_nfc: bool = True

    # -- what the text is: "article" (an article container, as news scrapers give), "page" (a
    # whole page's text with menus and footers, as crawl dumps give; the article's region is
    # found first), or "auto" (a page when runs of short lines look like menus)
    mode: Literal["auto", "article", "page"] = "auto"

    # -- rules
    packs: tuple[str, ...] = ("en",)
    site_packs: bool = True  # choose a site pack by the url's domain or the outlet in the text
    rule_files: tuple[Path, ...] = ()  # the user's own TOML rule files, run before the packs
    disabled_rules: frozenset[str] = frozenset()
    regex_timeout: float = 0.25  # seconds one pattern may take on one block before it gives up

    # -- heuristics
    detect_title: bool = True
    detect_source: bool = True
    collapse_repeated_blocks: bool = True
    detect_language: bool = True  # metadata.language: the clean body's language, by CLD2

    # -- corpus mode: a line that a site repeats across its documents is chrome (see corpus.py).
    # A line is chrome when it occurs in at least `corpus_min_docs` documents of its site and in
    # at least the share `corpus_min_share` of them. Chosen on ../shared/data/site-corpora-dev as a
    # whole (benchmarks/corpus.py), never per site: see the README's corpus section for the sweep.
    corpus_min_docs: int = 4
    corpus_min_share: float = 0.5
    # A prose block (a sentence-ending line) of at least this many words is never taken as chrome,
    # however often the site repeats it; 0 turns the guard off.
    corpus_keep_prose_words: int = 0

    # -- HTML input (trafilatura does the extraction)
    html_favor: Literal["balanced", "precision", "recall"] = "balanced"
    html_tables: bool = True
    html_comments: bool = False  # reader comments are not the article
    # run trafilatura's whole cascade (its extractor, then readability and jusText to compare) on
    # every page; by default only where its own extractor's result looks incomplete (cleaner/html.py),
    # or, favoring recall, on every page (the cascade skips its comparison for long extractions then)
    html_compare_always: bool = False
    # take navigation, footers, sidebars, forms, dialogs and class-named ad, paywall, overlay and
    # sign-up boxes out of the page before extraction (cleaner/html_prune.py)
    html_prune_chrome: bool = True
    # put back article lines that the extraction left out: lines that the whole-page reading of
    # the page's text keeps between two paragraphs the extraction has (cleaner/html_fill.py)
    html_fill_gaps: bool = True

    # -- output
    keep_captions: bool = False  # leave captions in the text (they still go to metadata)
    title_first_line: bool = False  # put the title as the first line of the text

    def replace(self, **changes: Any) -> Config:
        """A copy with some fields changed (the object itself is immutable)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base_dir: Path | None = None) -> Config:
        """Build a config from a mapping such as a TOML file's `[cleaner]` table."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ConfigError(f"unknown config key(s): {', '.join(unknown)}")
        values: dict[str, Any] = dict(data)
        if "packs" in values:
            values["packs"] = tuple(values["packs"])
        if "rule_files" in values:
            root = base_dir or Path.cwd()
            values["rule_files"] = tuple(root / Path(p) for p in values["rule_files"])
        if "disabled_rules" in values:
            values["disabled_rules"] = frozenset(values["disabled_rules"])
        if values.get("mode", "auto") not in ("auto", "article", "page"):
            raise ConfigError(f"mode must be auto, article or page, not {values['mode']!r}")
        if values.get("html_favor", "balanced") not in ("balanced", "precision", "recall"):
            raise ConfigError(
                f"html_favor must be balanced, precision or recall, not {values['html_favor']!r}"
            )
        if values.get("corpus_min_docs", 2) < 2:
            raise ConfigError("corpus_min_docs must be at least 2: a line in one document is not repeated")
        if not 0.0 <= values.get("corpus_min_share", 0.5) <= 1.0:
            raise ConfigError(f"corpus_min_share must be between 0 and 1, not {values['corpus_min_share']!r}")
        try:
            return cls(**values)
        except TypeError as exc:  # pragma: no cover - guarded by the key check above
            raise ConfigError(str(exc)) from exc

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Load a config file: keys at the top level or under `[cleaner]` / `[tool.cleaner]`."""
        path = Path(path)
        data = read_file(path, "config", ConfigError)
        table = data.get("tool", {}).get("cleaner", data.get("cleaner", data))
        table = {k: v for k, v in table.items() if k != "fixtures"}
        return cls.from_dict(table, base_dir=path.parent)

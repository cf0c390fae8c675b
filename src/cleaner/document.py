"""The document as it flows through the pipeline, its metadata, its trace and the result."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from .corpus import SiteCounts
from .features import fold_line, is_prose, lowered_word_tokens, word_count

__all__ = ["SCHEMA_VERSION", "Block", "Caption", "Document", "Metadata", "Removal", "Result"]

SCHEMA_VERSION = 1

Action = Literal["drop", "move", "cut"]


@dataclass(frozen=True)
class Caption:
    """A photo caption and its credit ("AP", "File photo"), as found in the text."""

    text: str
    credit: str | None = None


@dataclass
class Metadata:
    """What the residue tells about the article, kept as fields instead of thrown away."""

    title: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None
    breadcrumbs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    alternate_domains: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    # how the body was found: "text"; "html" (trafilatura's extraction), "html-filled" (with
    # article lines it left out put back from the page's text), "html-declared" (the page's lines
    # that carry the article its JSON-LD declares, the extraction lacking most of it) or
    # "html-fallback" (the page's text, the extraction being empty)
    extraction: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["captions"] = [Caption(**c) for c in values.get("captions", [])]
        return cls(**values)


@dataclass(frozen=True)
class Removal:
    """One block (or fragment of a block) that left the text, and the rule that took it."""

    rule: str
    action: Action
    block: int  # index of the block in the segmented input
    text: str
    field: str | None = None  # the metadata field it moved to, for action "move"
    reason: str | None = None  # the feature that decided, for heuristics


@dataclass
class Block:
    """One non-empty line of the normalized input: the unit that rules keep, drop or move."""

    index: int
    text: str
    blank_before: bool = True  # a blank line separated it from the block before
    removed: bool = False
    # Its whitespace-separated words (`features.word_count`), computed once: every rule and
    # heuristic asks for them. A caller that knows them passes them; -1 has them counted.
    words: int = -1
    prose: bool = field(init=False)
    _lowered: str | None = field(init=False, default=None, repr=False, compare=False)
    _tokens: list[str] | None = field(init=False, default=None, repr=False, compare=False)
    _folded: str | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.set_text(self.text, None if self.words < 0 else self.words)

    def set_text(self, text: str, words: int | None = None) -> None:
        """Give the block a new text; `words` is its word count when the caller knows it."""
        self.text = text
        self.words = word_count(text) if words is None else words
        self.prose = is_prose(text, self.words)
        self._lowered = None
        self._tokens = None
        self._folded = None

    @property
    def lowered(self) -> str:
        """The text in lower case, computed on first use (the rule gates' words and characters)."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    @property
    def tokens(self) -> list[str]:
        """The lowercased `\\w+` words, in order; computed on first use (rule gates and the page
        classifier both read them)."""
        if self._tokens is None:
            self._tokens = lowered_word_tokens(self.lowered)
        return self._tokens

    @property
    def folded(self) -> str:
        """The text with case, spacing and outer punctuation folded (see `features.fold_line`):
        how two copies of a line compare; computed on first use."""
        if self._folded is None:
            self._folded = fold_line(self.text)
        return self._folded


@dataclass
class Document:
    """The mutable state a document carries from step to step."""

    source_text: str
    url: str | None = None
    text: str = ""  # the normalized text, once normalization has run
    blocks: list[Block] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    trace: list[Removal] = field(default_factory=list)
    site: str | None = None  # the site pack chosen for it, if any
    page_url: str | None = None  # the url an HTML page gives itself (canonical link, og:url)
    folder: str | None = None  # the site to count it under when it names none (its folder)
    site_key: str | None = None  # the site corpus mode counts it under (see corpus.site_key)
    corpus: SiteCounts | None = None  # its blocks' counts in a site profile, in corpus mode
    # What the rules matched, by block index: a block's text changes only by a cut, which
    # forgets its entry, so its matches are computed once (see engine.ApplyRules).
    rule_matches: dict[int, Any] = field(default_factory=dict, repr=False)
    # The page reading's scores by block index, with the language and the text they were
    # computed for: its later rounds read the same lines again (see page.SelectArticleRegion).
    line_scores: dict[int, tuple[str, str, int, float]] = field(default_factory=dict, repr=False)

    def kept(self) -> list[Block]:
        return [b for b in self.blocks if not b.removed]

    def drop(self, block: Block, rule: str, *, reason: str | None = None) -> None:
        """Take a block out of the text, recording the rule that did it."""
        block.removed = True
        self.trace.append(Removal(rule, "drop", block.index, block.text, reason=reason))

    def move(self, block: Block, rule: str, field_name: str, *, reason: str | None = None) -> None:
        """Take a block out of the text because its content went into a metadata field."""
        block.removed = True
        self.trace.append(Removal(rule, "move", block.index, block.text, field_name, reason))

    def cut(self, block: Block, rule: str, fragment: str, remainder: str) -> None:
        """Cut a fragment off a block; a block left empty leaves the text."""
        self.trace.append(Removal(rule, "cut", block.index, fragment))
        block.set_text(remainder)
        self.rule_matches.pop(block.index, None)  # they were the old text's
        if not remainder.strip():
            block.removed = True


@dataclass
class Result:
    """A clean body, its metadata and the trace of every removal, with its input blocks."""

    text: str
    metadata: Metadata
    removed: list[Removal]
    blocks: list[str] = field(default_factory=list)  # the normalized input blocks, for `explain`

    def to_dict(self, *, include_blocks: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "text": self.text,
            "metadata": self.metadata.to_dict(),
            "removed": [asdict(r) for r in self.removed],
        }
        if include_blocks:
            data["blocks"] = list(self.blocks)
        return data

    def to_json(self, *, include_blocks: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_blocks=include_blocks), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(
            text=data["text"],
            metadata=Metadata.from_dict(data["metadata"]),
            removed=[Removal(**r) for r in data.get("removed", [])],
            blocks=list(data.get("blocks", [])),
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls.from_dict(json.loads(text))

    def fate(self, block_index: int) -> list[Removal]:
        """Every removal that touched the block: empty when it was kept whole."""
        return [r for r in self.removed if r.block == block_index]

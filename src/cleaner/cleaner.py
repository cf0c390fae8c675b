"""The public entry points: a reusable `Cleaner` (rules compiled once) and `clean()`."""

from __future__ import annotations

from .config import Config
from .document import Document, Result
from .engine import ApplyRules, PeelEnds
from .heuristics import CollapseRepeatedBlocks, DetectHeadline, DetectOutletLine
from .html import extract_html, looks_like_html
from .page import SelectArticleRegion
from .rules.registry import Registry
from .steps import Assemble, ChooseSitePack, Normalize, Repeat, Segment, Step

__all__ = ["Cleaner", "clean"]


def build_pipeline(config: Config, registry: Registry) -> list[Step]:
    """The order of the steps, in one place: a document flows through them one way."""
    rules = ApplyRules(config, registry)
    return [
        Normalize(config),
        Segment(config),
        ChooseSitePack(config, registry),
        # Every removal step, until none removes anything more: each changes what the others
        # see (a body span, the first line, two copies brought together), and settling them
        # together is what makes cleaning the output again change nothing.
        Repeat(
            config,
            [
                # on whole-page text, the article's region first: the rules then see an article
                SelectArticleRegion(config),
                rules,
                CollapseRepeatedBlocks(config),
                PeelEnds(config, rules),
                DetectHeadline(config),
                DetectOutletLine(config),
            ],
        ),
        Assemble(config),
    ]


class Cleaner:
    """Cleans documents with one configuration; build it once and reuse it (rules compile once)."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.registry = Registry.from_config(self.config)
        self.steps = build_pipeline(self.config, self.registry)

    def clean(self, text: str, *, url: str | None = None) -> Result:
        """Clean one document, text or HTML (told apart by content); never raises on any string."""
        doc = Document(source_text=text, url=url)
        doc.metadata.url = url
        if looks_like_html(text):
            self._start_from_html(doc, text)
        for step in self.steps:
            doc = step.run(doc)
        doc.metadata.extraction = doc.metadata.extraction or "text"
        return Result(
            text=doc.text,
            metadata=doc.metadata,
            removed=sorted(doc.trace, key=lambda r: r.block),
            blocks=[b.text for b in doc.blocks],
        )

    def _start_from_html(self, doc: Document, html: str) -> None:
        """The article's text from the markup; what the markup says about it, as metadata."""
        extraction = extract_html(html, doc.url, self.config)
        doc.source_text = extraction.text
        meta = doc.metadata
        meta.extraction = extraction.method
        meta.title = extraction.title
        meta.author = extraction.author
        meta.date = extraction.date
        meta.source = extraction.sitename
        meta.language = extraction.language


def clean(text: str, *, url: str | None = None, config: Config | None = None) -> Result:
    """Clean one document. For many documents, build a `Cleaner` once and reuse it."""
    return Cleaner(config).clean(text, url=url)

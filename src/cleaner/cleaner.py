"""The public entry points: a reusable `Cleaner` (rules compiled once) and `clean()`."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .corpus import SiteProfile, line_hash
from .document import Document, Result
from .engine import ApplyRules, PeelEnds
from .fields import record, record_caption
from .heuristics import CollapseRepeatedBlocks, DetectHeadline, DetectOutletLine
from .html import HtmlExtractor, looks_like_html
from .html_captions import CaptionSplitter
from .html_fill import GapFiller, fill_from_declared
from .html_related import RelatedReader
from .page import SelectArticleRegion
from .rules.registry import Registry
from .site_chrome import DropSiteChrome, IdentifySite
from .steps import Assemble, ChooseSitePack, DetectLanguage, Normalize, Repeat, Segment, Step

__all__ = ["Cleaner", "DocumentLines", "clean"]


def build_pipeline(config: Config, registry: Registry, rules: ApplyRules | None = None) -> list[Step]:
    """The order of the steps, in one place: a document flows through them one way.

    `rules` is the rule step to run, for a caller that uses the same one elsewhere (its indexes
    of a site's rules are built once, on the first document of the site).
    """
    rules = rules if rules is not None else ApplyRules(config, registry)
    return [
        Normalize(config),
        Segment(config),
        ChooseSitePack(config, registry),
        # Corpus mode's unit is a block as it stands here, with the site known: the first pass
        # (learning a profile) runs the steps up to this one, the second pass all of them.
        IdentifySite(config),
        # Every removal step, until none removes anything more: each changes what the others
        # see (a body span, the first line, two copies brought together), and settling them
        # together is what makes cleaning the output again change nothing.
        Repeat(
            config,
            [
                # on whole-page text, the article's region first: the rules then see an article
                SelectArticleRegion(config, registry.list_rules_into("related")),
                rules,
                CollapseRepeatedBlocks(config),
                PeelEnds(config, rules),
                DetectHeadline(config),
                DetectOutletLine(config),
                # After the rules, so that a "Related" heading and its list go to metadata
                # before the heading alone could go as chrome; before the next round, so that
                # the headline and outlet steps see the top once the menus are gone.
                DropSiteChrome(config),
            ],
        ),
        Assemble(config),
        DetectLanguage(config),
    ]


@dataclass(frozen=True)
class DocumentLines:
    """What corpus mode's first pass learns from a document: its site and its lines' hashes."""

    site: str | None
    hashes: frozenset[int]


class Cleaner:
    """Cleans documents with one configuration; build it once and reuse it (rules compile once).

    With a site profile (corpus mode), a line the document's site repeats across its documents
    leaves the text as chrome (rule `site_chrome`); without one, each document is cleaned alone.
    """

    def __init__(self, config: Config | None = None, *, profile: SiteProfile | None = None) -> None:
        self.config = config or Config()
        self.profile = profile
        self.registry = Registry.from_config(self.config)
        rules = ApplyRules(self.config, self.registry)
        self.steps = build_pipeline(self.config, self.registry, rules)
        # the page's related lists, read with the rules (the generic and the user's, whatever its site)
        related = RelatedReader(self.config, rules)
        self.html = HtmlExtractor(self.config, related)
        # the generic caption rules (and the user's): a page's own figures, whatever its site
        self._captions = CaptionSplitter(self.registry.rules_for(None), self.config.regex_timeout)
        self._gap_filler: GapFiller | None = None  # built on the first page that could use it
        self._units_end = next(i for i, s in enumerate(self.steps) if isinstance(s, IdentifySite)) + 1

    def clean(
        self,
        text: str,
        *,
        url: str | None = None,
        profile: SiteProfile | None = None,
        site: str | None = None,
    ) -> Result:
        """Clean one document, text or HTML (told apart by content); never raises on any string.

        `profile` (else the cleaner's own) turns corpus mode on; `site` is the site to count the
        document under when it names none itself (no url, no outlet): a folder run passes the
        document's folder.
        """
        doc = self._units(text, url, site)
        profile = profile if profile is not None else self.profile
        if profile is not None and doc.site_key is not None:
            doc.corpus = profile.counts_for(doc.site_key, (b.text for b in doc.blocks))
        for step in self.steps[self._units_end :]:
            doc = step.run(doc)
        doc.metadata.extraction = doc.metadata.extraction or "text"
        return Result(
            text=doc.text,
            metadata=doc.metadata,
            removed=sorted(doc.trace, key=lambda r: r.block),
            blocks=[b.text for b in doc.blocks],
        )

    def lines(self, text: str, *, url: str | None = None, site: str | None = None) -> DocumentLines:
        """Corpus mode's first pass on one document: its site and the hashes of its blocks.

        The same blocks and the same site as `clean` sees, from the same steps.
        """
        doc = self._units(text, url, site)
        hashes = frozenset(h for h in map(line_hash, (b.text for b in doc.blocks)) if h is not None)
        return DocumentLines(doc.site_key, hashes)

    def learn(
        self, text: str, profile: SiteProfile, *, url: str | None = None, site: str | None = None
    ) -> None:
        """Count one document in a profile (documents that name no site and get none are left out)."""
        found = self.lines(text, url=url, site=site)
        if found.site is not None:
            profile.add(found.site, found.hashes)

    def _units(self, text: str, url: str | None, site: str | None) -> Document:
        """The document up to its blocks and its site: the part both corpus passes share."""
        doc = Document(source_text=text, url=url, folder=site)
        doc.metadata.url = url
        if looks_like_html(text):
            self._start_from_html(doc, text)
        for step in self.steps[: self._units_end]:
            doc = step.run(doc)
        return doc

    def _start_from_html(self, doc: Document, html: str) -> None:
        """The article's text from the markup; what the markup says about it, as metadata."""
        extraction = self.html.extract(html, doc.url)
        doc.source_text = extraction.text
        meta = doc.metadata
        meta.extraction = extraction.method
        if extraction.page_text:
            # The page's own account of its article first: where the extraction lacks most of
            # it, the lines that carry it are the article, and no gap is left to fill.
            extracted = extraction.text if extraction.method == "html" else ""
            declared = fill_from_declared(extracted, extraction.page_text, extraction.declared)
            if declared is not None:
                doc.source_text = declared.text
                meta.extraction = "html-declared"
            elif extraction.method == "html":
                filled = self._filler().fill(extraction.text, extraction.page_text)
                if filled is not None:
                    doc.source_text = filled.text
                    meta.extraction = "html-filled"
        for caption in self._captions.split(extraction.captions):
            record_caption(meta, caption.text, caption.credit)
        for headline in extraction.related:
            record(meta, "related", headline)
        page = extraction.meta
        meta.title = page.title
        meta.author = page.author
        meta.date = page.date
        meta.source = page.sitename
        doc.page_url = page.url

    def _filler(self) -> GapFiller:
        """The gap filler, reading pages with a whole-page cleaner of the same configuration."""
        if self._gap_filler is None:
            # only its kept lines are read: the language of its output would be named for nothing
            reader = Cleaner(self.config.replace(mode="page", html_fill_gaps=False, detect_language=False))
            self._gap_filler = GapFiller(reader._kept_lines)  # a bound method: it pickles
        return self._gap_filler

    def _kept_lines(self, text: str) -> list[str]:
        return self.clean(text).text.splitlines()


def clean(
    text: str,
    *,
    url: str | None = None,
    config: Config | None = None,
    profile: SiteProfile | None = None,
    site: str | None = None,
) -> Result:
    """Clean one document. For many documents, build a `Cleaner` once and reuse it."""
    return Cleaner(config).clean(text, url=url, profile=profile, site=site)

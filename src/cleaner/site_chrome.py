"""Corpus mode's steps: which site a document belongs to, and dropping the lines its site repeats."""

from __future__ import annotations

from .corpus import chrome_threshold, site_key
from .document import Document
from .steps import Step

__all__ = ["DropSiteChrome", "IdentifySite"]


class IdentifySite(Step):
    id = "identify_site"
    description = (
        "Name the site the document is counted under in corpus mode: its url's domain, else the "
        "outlet it names, else its folder."
    )

    def run(self, doc: Document) -> Document:
        doc.site_key = site_key(doc.url or doc.page_url, doc.metadata.source, doc.folder)
        return doc


class DropSiteChrome(Step):
    id = "site_chrome"
    description = (
        "Corpus mode: a line that occurs in at least corpus_min_docs documents of the site and in "
        "at least the share corpus_min_share of them is the site's chrome (menu, footer, notice) "
        "and leaves the text; the trace gives the counts."
    )

    def run(self, doc: Document) -> Document:
        counts = doc.corpus
        if counts is None or counts.documents < self.config.corpus_min_docs:
            return doc
        needed = chrome_threshold(counts.documents, self.config.corpus_min_docs, self.config.corpus_min_share)
        keep_prose = self.config.corpus_keep_prose_words
        for block in doc.kept():
            seen = counts.counts[block.index]
            if seen < needed:
                continue
            if keep_prose and block.prose and block.words >= keep_prose:
                continue
            doc.drop(block, self.id, reason=f"in {seen} of {counts.documents} documents of {counts.site}")
        return doc

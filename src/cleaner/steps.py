"""The pipeline's steps before and after the rules: normalize, segment, pick the site, assemble."""

from __future__ import annotations

import abc

from .config import Config
from .document import Block, Document
from .language import detect_language
from .normalize import normalize_text
from .rules.registry import Registry

__all__ = ["Assemble", "ChooseSitePack", "DetectLanguage", "Normalize", "Repeat", "Segment", "Step"]


class Step(abc.ABC):
    """One stage of the pipeline: takes the document and returns it; does no I/O."""

    #: stable id, the same in traces, stats and `explain`
    id: str = ""
    #: what the step does, for `cleaner rules`
    description: str = ""

    def __init__(self, config: Config) -> None:
        self.config = config

    @abc.abstractmethod
    def run(self, doc: Document) -> Document: ...


class Normalize(Step):
    id = "normalize"
    description = "Repair mojibake, entities and control characters; fold odd spaces; NFC."

    def run(self, doc: Document) -> Document:
        doc.text = normalize_text(doc.source_text, self.config)
        return doc


class Segment(Step):
    id = "segment"
    description = "Split the text into blocks, one a non-empty line."

    def run(self, doc: Document) -> Document:
        # Normalization leaves single plain spaces the only whitespace within a line, so its
        # words are its spaces and one: counted without splitting it into strings.
        single_spaced = self.config.normalize_spaces
        blank_before = True
        for line in doc.text.split("\n"):
            stripped = line.strip()
            if not stripped:
                blank_before = True
                continue
            words = stripped.count(" ") + 1 if single_spaced else -1
            doc.blocks.append(Block(len(doc.blocks), stripped, blank_before, words=words))
            blank_before = False
        return doc


class ChooseSitePack(Step):
    id = "choose_site_pack"
    description = "Pick a site's rule pack by the url's domain or by the outlet named at the edges."

    # The outlet's name stands in the first or last lines (masthead, notices, footers).
    EDGE_BLOCKS = 8

    def __init__(self, config: Config, registry: Registry) -> None:
        super().__init__(config)
        self.registry = registry

    def run(self, doc: Document) -> Document:
        if not self.registry.sites:
            return doc
        edges = doc.blocks[: self.EDGE_BLOCKS] + doc.blocks[-self.EDGE_BLOCKS :]
        pack = self.registry.site_for(doc.url, "\n".join(b.text for b in edges))
        doc.site = pack.name if pack else None
        if pack and pack.outlets:
            # the site's own name is its source, unless the text names another (syndication)
            doc.metadata.source = pack.outlets[0]
        return doc


class Assemble(Step):
    id = "assemble"
    description = "Join the kept blocks into paragraphs separated by one blank line."

    def run(self, doc: Document) -> Document:
        paragraphs = [b.text for b in doc.kept()]
        if self.config.title_first_line and doc.metadata.title:
            paragraphs.insert(0, doc.metadata.title)
        doc.text = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
        return doc


class DetectLanguage(Step):
    id = "detect_language"
    description = "Name the clean body's language (ISO 639-1) in the metadata, by CLD2."

    def run(self, doc: Document) -> Document:
        # on the clean body, not the input: menus and footers are often in another language
        # (an English "Home | About | Contact" on a German site), and the body is shorter
        if self.config.detect_language and doc.metadata.language is None:
            doc.metadata.language = detect_language(doc.text)
        return doc


class Repeat(Step):
    """Run some steps again and again until they remove nothing more.

    The removal steps each change what the others see (a body span, the first line, two copies
    brought together); settling them together is what makes cleaning the output again change
    nothing. Each step given here must settle itself (run twice in a row, it removes nothing
    the second time), so a step that has seen no removal since it last ran is skipped.
    """

    id = "repeat"
    description = "Run the edge steps until nothing more leaves the text."
    # Each round removes at least one block or stops; real pages settle in two or three.
    MAX_ROUNDS = 16

    def __init__(self, config: Config, steps: list[Step]) -> None:
        super().__init__(config)
        self.steps = steps

    def run(self, doc: Document) -> Document:
        # A step that has seen no removal since it last ran is not run again: each of these
        # steps, run twice in a row, removes nothing the second time.
        seen_at: dict[int, int] = {}  # step position -> trace length when it last finished
        for _ in range(self.MAX_ROUNDS):
            before = len(doc.trace)
            for position, step in enumerate(self.steps):
                if seen_at.get(position) == len(doc.trace):
                    continue
                doc = step.run(doc)
                seen_at[position] = len(doc.trace)
            if len(doc.trace) == before:
                break
        return doc

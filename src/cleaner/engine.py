"""The rule engine: runs the ordered rules of the registry over a document's blocks."""

from __future__ import annotations

import regex

from .config import Config
from .document import Block, Document
from .features import is_prose, looks_like_headline, word_count
from .fields import record, record_caption
from .regions import BodySpan
from .rules.model import CAPTION_GROUPS, Action, ItemKind, Rule, Where
from .rules.registry import Registry
from .steps import Step

__all__ = ["ApplyRules"]

_DOMAIN = regex.compile(
    r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}/?", regex.IGNORECASE
)

# The short line under a list heading: menus and tag lists hold 1-8 words a line.
SHORT_ITEM_MAX_WORDS = 8


def _is_item(kind: ItemKind, text: str) -> bool:
    if kind is ItemKind.DOMAIN:
        return bool(_DOMAIN.fullmatch(text))
    if kind is ItemKind.HEADLINE:
        return looks_like_headline(text) and not is_prose(text)
    return word_count(text) <= SHORT_ITEM_MAX_WORDS and not is_prose(text)


class ApplyRules(Step):
    id = "rules"
    description = (
        "Run the rule packs (user, site, generic) in order; the first rule that matches a block wins."
    )

    def __init__(self, config: Config, registry: Registry) -> None:
        super().__init__(config)
        self.registry = registry

    def run(self, doc: Document) -> Document:
        site = next((p for p in self.registry.sites if p.name == doc.site), None)
        rules = self.registry.rules_for(site)
        kept = doc.kept()
        span = BodySpan.of(kept)
        i = 0
        while i < len(kept):
            i = self._apply_first(doc, rules, kept, i, span) + 1
        return doc

    def _where_ok(self, rule: Rule, span: BodySpan, position: int) -> bool:
        if rule.where is Where.ANYWHERE:
            return True
        if rule.where is Where.HEAD:
            return span.in_head(position)
        if rule.where is Where.TAIL:
            return span.in_tail(position)
        return span.in_head(position) or span.in_tail(position)

    def _apply_first(
        self, doc: Document, rules: tuple[Rule, ...], kept: list[Block], i: int, span: BodySpan
    ) -> int:
        """Try the rules on block i; returns the position of the last block the match consumed."""
        block = kept[i]
        words = word_count(block.text)
        for rule in rules:
            if rule.max_words is not None and words > rule.max_words:
                continue
            if not self._where_ok(rule, span, i):
                continue
            try:
                match = rule.matches(block.text, self.config.regex_timeout)
            except TimeoutError:
                continue  # a pattern too slow for this block never decides its fate
            if match is None:
                continue
            if rule.action is Action.CUT:
                remainder = (block.text[: match.start()] + " " + block.text[match.end() :]).strip()
                doc.cut(block, rule.id, match.group(), remainder)
                if block.removed:
                    return i
                words = word_count(block.text)
                continue
            if rule.action is Action.DROP:
                doc.drop(block, rule.id)
                return i
            field = self._record(doc, rule, match, block.text)
            if rule.action is Action.MOVE:
                self._take(doc, block, rule.id, field)
                return i
            return self._take_list(doc, rule, rules, kept, i, field)
        return i

    def _record(self, doc: Document, rule: Rule, match: regex.Match[str], text: str) -> str | None:
        """Put what the match says into the metadata; returns the first field it went to, if any."""
        groups = {k: v for k, v in match.groupdict().items() if v}
        first_field: str | None = None
        if "caption" in groups:
            record_caption(doc.metadata, groups["caption"], groups.get("credit"))
            first_field = "captions"
        for name, value in groups.items():
            if name in CAPTION_GROUPS:
                continue
            target = rule.field if name == "value" else name
            if target and record(doc.metadata, target, value):
                first_field = first_field or target
        whole_block = rule.action is Action.MOVE and not groups and rule.field
        if whole_block and rule.field and record(doc.metadata, rule.field, text):
            first_field = rule.field
        return first_field

    def _take(self, doc: Document, block: Block, rule_id: str, field: str | None) -> None:
        if field == "captions" and self.config.keep_captions:
            return
        if field:
            doc.move(block, rule_id, field)
        else:
            doc.drop(block, rule_id)

    def _claimed(self, rules: tuple[Rule, ...], text: str) -> bool:
        """Does a block rule other than a list heading claim this line (a caption, a byline)?"""
        words = word_count(text)
        for rule in rules:
            if rule.action in (Action.LIST, Action.CUT) or (
                rule.max_words is not None and words > rule.max_words
            ):
                continue
            try:
                if rule.matches(text, self.config.regex_timeout):
                    return True
            except TimeoutError:
                continue
        return False

    def _take_list(
        self,
        doc: Document,
        rule: Rule,
        rules: tuple[Rule, ...],
        kept: list[Block],
        i: int,
        heading_field: str | None,
    ) -> int:
        """Take a list heading and the lines under it while they look like the rule's items.

        A line that another rule claims (a caption under a "Read more:" list) ends the list.
        """
        self._take(doc, kept[i], rule.id, heading_field)
        assert rule.item is not None  # guaranteed by Rule for LIST
        j = i + 1
        while (
            j < len(kept)
            and j - i <= rule.max_items
            and _is_item(rule.item, kept[j].text)
            and not self._claimed(rules, kept[j].text)
        ):
            item = kept[j]
            if rule.field and record(doc.metadata, rule.field, item.text):
                doc.move(item, rule.id, rule.field)
            else:
                doc.drop(item, rule.id)
            j += 1
        return j - 1

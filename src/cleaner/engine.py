"""The rule engine: runs the ordered rules of the registry over a document's blocks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from .config import Config
from .document import Block, Document
from .features import line_head, looks_like_headline, looks_like_name
from .fields import record, record_caption
from .regions import BodySpan
from .rules.check import PROBE_CHARS
from .rules.model import (
    CAPTION_GROUPS,
    FEW_GATE_WORDS,
    FOLLOWED_WITHIN,
    SIMPLE_CASE_FOLDING,
    Action,
    ItemKind,
    Rule,
    Where,
    is_character_token,
)
from .rules.registry import Registry
from .steps import Step

__all__ = ["ApplyRules", "PeelEnds", "RuleIndex", "is_item"]

_DOMAIN = regex.compile(
    r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}/?", regex.IGNORECASE
)

# The short line under a list heading: menus and tag lists hold 1-8 words a line.
SHORT_ITEM_MAX_WORDS = 8

# A shipped rule's pattern runs without the timeout on a block this short. `regex` reads the
# process's CPU clock for a timeout, a system call, twice a call: 1.5 microseconds, a twentieth
# of the text path's time, for 90% of the calls (they are on short lines). Every shipped pattern
# is checked in the tests on adversarial lines of this length (`rules.check`) and finishes far
# inside the timeout (at most 10 ms; a cubic pattern takes 30 ms at 300 characters and 0.7 s at
# 1,000). A user's rule, and every rule on a longer block, runs with it.
UNTIMED_MAX_CHARS = PROBE_CHARS

# A cut rule takes its fragment again from what it left, up to this many times a block: a
# pattern that keeps finding something (a user's, matching what its own cut leaves) still ends.
MAX_CUTS_PER_RULE = 32

_PEELING = frozenset({Where.START, Where.END, Where.ENDS})


def is_item(kind: ItemKind, block: Block) -> bool:
    """Whether a line can stand in a list whose items are of this kind."""
    if kind is ItemKind.DOMAIN:
        return bool(_DOMAIN.fullmatch(block.text))
    if kind is ItemKind.HEADLINE:
        return looks_like_headline(block.text) and not block.prose
    if kind is ItemKind.NAME:
        return looks_like_name(block.text)
    return block.words <= SHORT_ITEM_MAX_WORDS and not block.prose


_NAMED_GROUP = regex.compile(r"\(\?P<\w+>")


class RuleIndex:
    """The rules for one site, split by how they are applied, with the cheap gates in front
    (see RulesForLength)."""

    def __init__(self, rules: tuple[Rule, ...], shipped: Callable[[Rule], bool] = lambda _: False) -> None:
        self.cuts = tuple(r for r in rules if r.action is Action.CUT)
        self.blocks = tuple(r for r in rules if r.action is not Action.CUT)
        self.main = tuple(r for r in self.blocks if r.where not in _PEELING)
        self.from_start = tuple(r for r in self.blocks if r.where in (Where.START, Where.ENDS))
        self.from_end = tuple(r for r in self.blocks if r.where in (Where.END, Where.ENDS))
        self.claimers = frozenset(r.id for r in self.main if r.action is not Action.LIST)
        # positions in `main`, not the rules themselves: a pickled index stays right
        self._shipped = frozenset(k for k, r in enumerate(self.main) if shipped(r))
        self._by_words: dict[int, RulesForLength] = {}

    def for_words(self, words: int) -> RulesForLength:
        """The main rules that admit a block of this many words, with their gates."""
        entry = self._by_words.get(words)
        if entry is None:
            admitted = [k for k, r in enumerate(self.main) if r.max_words is None or words <= r.max_words]
            entry = self._by_words[words] = RulesForLength.of(
                tuple(self.main[k] for k in admitted), tuple(k in self._shipped for k in admitted)
            )
        return entry


@dataclass(frozen=True)
class RulesForLength:
    """The main rules that admit blocks of one length, in order, and how to find candidates.

    A required token is a word or a single character (see `Rule.requires`). Characters are
    looked up as substrings; words need the block's words, and taking only the block's `\\w+`
    words (no punctuation tokens, computed once) keeps that cheap. A rule anchored at the start
    of a line is gated on the words it can begin with (`Rule.starts`), looked up by the line's
    first character, so that a line meets only the few prefixes that could match it.
    """

    rules: tuple[Rule, ...]
    by_word: dict[str, tuple[int, ...]]  # required word -> positions of the rules it opens
    gate_words: frozenset[str]  # the keys of `by_word`
    by_character: dict[str, tuple[int, ...]]
    # first character -> (position, those of its rule's `starts` that begin with it): a line
    # is compared only with the prefixes that can match it, not with all some 260 of them
    by_start: dict[str, tuple[tuple[int, tuple[str, ...]], ...]]
    ungated: tuple[int, ...]  # rules without a gate (a user's pack may have them)
    narrowed: tuple[int, ...]  # rules with a second gate (`also_requires`), checked on candidates
    shipped: frozenset[int]  # rules from the shipped packs (see UNTIMED_MAX_CHARS)
    # One alternation of the ungated rules that admit this length: a single call tells whether
    # any of them could match a block, so most blocks skip them all. Built per length, because
    # a longer line admits fewer of them and the shorter alternation fails faster. (The shipped
    # packs gate every rule: on the WCXB text this call took a fifth of the cleaning time.)
    any_ungated: regex.Pattern[str] | None

    @classmethod
    def of(cls, rules: tuple[Rule, ...], shipped: tuple[bool, ...] = ()) -> RulesForLength:
        """The index of these rules; `shipped` says, rule by rule, which come from a shipped pack."""
        by_word: dict[str, list[int]] = {}
        by_character: dict[str, list[int]] = {}
        for k, rule in enumerate(rules):
            for token in rule.requires:
                table = by_character if is_character_token(token) else by_word
                table.setdefault(token, []).append(k)
        by_start: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for k, rule in enumerate(rules):
            for initial in sorted({prefix[0] for prefix in rule.starts}):
                prefixes = tuple(p for p in rule.starts if p[0] == initial)
                by_start.setdefault(initial, []).append((k, prefixes))
        ungated = tuple(k for k, r in enumerate(rules) if not r.gated)
        return cls(
            rules,
            {t: tuple(ks) for t, ks in by_word.items()},
            frozenset(by_word),
            {t: tuple(ks) for t, ks in by_character.items()},
            {initial: tuple(entries) for initial, entries in by_start.items()},
            ungated,
            tuple(k for k, r in enumerate(rules) if r.also_requires),
            frozenset(k for k, is_shipped in enumerate(shipped) if is_shipped),
            _alternation([rules[k] for k in ungated]),
        )

    def gated_candidates(self, block: Block) -> set[int]:
        """The rules whose gate the block passes."""
        candidates: set[int] = set()
        if self.by_word and (
            len(self.gate_words) > FEW_GATE_WORDS or any(word in block.lowered for word in self.gate_words)
        ):
            # intersecting with the token list itself builds no set of the block's words
            for word in self.gate_words.intersection(block.tokens):
                candidates.update(self.by_word[word])
        if self.by_character or self.by_start:
            lowered = block.lowered
            for character, positions in self.by_character.items():
                if character in lowered:
                    candidates.update(positions)
            if self.by_start:
                head = line_head(lowered)
                for k, starts in self.by_start.get(head[:1], ()):
                    if head.startswith(starts):
                        candidates.add(k)
        for k in self.narrowed:
            if k in candidates and not self.rules[k].passes_second_gate(block):
                candidates.discard(k)
        return candidates


def _alternation(rules: list[Rule]) -> regex.Pattern[str] | None:
    """One pattern that matches where any of the rules does (their groups made plain)."""
    parts = [
        ("(?i:{})" if r.ignore_case else "(?-i:{})").format(_NAMED_GROUP.sub("(?:", r.pattern)) for r in rules
    ]
    return regex.compile(SIMPLE_CASE_FOLDING + "|".join(parts), regex.V1) if parts else None


Hit = tuple[Rule, "regex.Match[str]"]


class ApplyRules(Step):
    id = "rules"
    description = (
        "Run the rule packs (user, site, generic) in order: cut rules first, then the first block "
        "rule that matches a block decides its fate; start/end rules peel the document's ends."
    )

    def __init__(self, config: Config, registry: Registry) -> None:
        super().__init__(config)
        self.registry = registry
        self._indexes: dict[str | None, RuleIndex] = {}

    def _index(self, site: str | None) -> RuleIndex:
        if site not in self._indexes:
            pack = next((p for p in self.registry.sites if p.name == site), None)
            self._indexes[site] = RuleIndex(self.registry.rules_for(pack), self.registry.shipped)
        return self._indexes[site]

    def run(self, doc: Document) -> Document:
        index = self._index(doc.site)
        kept = doc.kept()
        if index.cuts:
            self._cut(doc, index, kept)
            kept = doc.kept()
        hits = self._hits(doc, index, kept)
        span = BodySpan.of(kept, residue=hits.keys())
        i = 0
        while i < len(kept):
            i = self._apply_first(doc, index, hits, kept, i, span) + 1
        return doc

    def peel(self, doc: Document) -> Document:
        """Apply the start/end rules to the outermost blocks still in the text (see PeelEnds)."""
        index = self._index(doc.site)
        kept = doc.kept()
        self._peel(doc, index, index.from_end, kept, from_end=True)
        self._peel(doc, index, index.from_start, kept, from_end=False)
        return doc

    def rules_matching(self, block: Block, site: str | None = None) -> list[Rule]:
        """The block rules (no start/end rule) that match a line standing alone, in order: the
        first would decide its fate. For text that comes from elsewhere than a document's
        lines (a page's link texts, `html_related`)."""
        return [rule for rule, _ in self._match_block(self._index(site), block)]

    def _hits(self, doc: Document, index: RuleIndex, kept: list[Block]) -> dict[int, list[Hit]]:
        """Every (rule, match) for every kept block, by position, in rule order."""
        hits: dict[int, list[Hit]] = {}
        for position, block in enumerate(kept):
            matched = doc.rule_matches.get(block.index)
            if matched is None:
                matched = doc.rule_matches[block.index] = self._match_block(index, block)
            if matched:
                hits[position] = matched
        return hits

    def _match_block(self, index: RuleIndex, block: Block) -> list[Hit]:
        """The rules that match a block, in order.

        Cheap gates first: a rule is tried on a block only if the block passes its gate (a
        required word or character, or a prefix it starts with); a rule without a gate (a
        user's pack may have them) only if the joint alternation of those rules matches.
        """
        found: list[Hit] = []
        timeout = self.config.regex_timeout
        text = block.text
        entry = index.for_words(block.words)
        rules = entry.rules
        candidates = entry.gated_candidates(block)
        if entry.any_ungated is not None:
            try:
                could_match = entry.any_ungated.fullmatch(text, timeout=timeout) is not None
            except TimeoutError:
                could_match = True  # one of them is slow here: each is tried under its own timeout
            if could_match:
                candidates.update(entry.ungated)
        short = len(text) <= UNTIMED_MAX_CHARS
        for k in sorted(candidates):
            rule = rules[k]
            try:  # main rules are block rules, never cuts: the pattern must match the whole block
                if short and k in entry.shipped:
                    match = rule.compiled.fullmatch(text)
                else:
                    match = rule.compiled.fullmatch(text, timeout=timeout)
            except TimeoutError:
                continue  # a pattern too slow for this block never decides its fate
            if match is not None:
                found.append((rule, match))
        return found

    def _cut(self, doc: Document, index: RuleIndex, kept: list[Block]) -> None:
        """Cut rules take fragments off blocks, block by block, before the block rules run.

        A rule cuts until it finds nothing more on the block: what one cut leaves can hold
        another fragment ("[AD] [AD] Buy now"), and the step must settle in one run (see
        steps.Repeat), or cleaning the output again would cut once more. A block that the rule's
        gate keeps out is not searched: the search runs with the timeout, a system call, and on
        every block of every round.
        """
        for block in kept:
            for rule in index.cuts:
                for _ in range(MAX_CUTS_PER_RULE):
                    if block.removed or not rule.admits(block):
                        break
                    match = rule.matches_in_time(block.text, self.config.regex_timeout)
                    if match is None or not match.group():  # an empty match cuts nothing
                        break
                    # what stood on either side, one space between them
                    before, after = block.text[: match.start()].rstrip(), block.text[match.end() :].lstrip()
                    remainder = f"{before} {after}".strip()
                    if remainder == block.text:  # a lone space cut and put back
                        break
                    doc.cut(block, rule.id, match.group(), remainder)

    def _peel(
        self, doc: Document, index: RuleIndex, peelers: tuple[Rule, ...], kept: list[Block], *, from_end: bool
    ) -> None:
        """Apply the start/end rules to the outermost block still in the text, moving inwards.

        They are matched here, on the few blocks at the ends, not with the others on every block;
        a list rule peeled this way takes its items without asking the other rules (no hits).
        """
        if not peelers:
            return
        order = range(len(kept) - 1, -1, -1) if from_end else range(len(kept))
        for position in order:
            block = kept[position]
            if block.removed:
                continue
            hit = self._first_match(peelers, block)
            if hit is None:
                return
            self._act(doc, index, {}, kept, position, hit)

    def _first_match(self, rules: tuple[Rule, ...], block: Block) -> Hit | None:
        timeout = self.config.regex_timeout
        for rule in rules:
            match = rule.matches_in_time(block.text, timeout) if rule.admits(block) else None
            if match is not None:
                return rule, match
        return None

    @staticmethod
    def _where_ok(rule: Rule, span: BodySpan, position: int) -> bool:
        if rule.action is Action.REST and (span.first is None or position <= span.first):
            # A rule that takes the rest of the text starts after the body's first paragraph:
            # a thread of comments follows an article, and a line that opens a text (a post's
            # comment count under its title) must not take the article with it.
            return False
        where = rule.where  # start/end rules are not main rules: _peel applies them
        if where is Where.ANYWHERE:
            return True
        if where is Where.HEAD:
            return span.in_head(position)
        if where is Where.TAIL:
            return span.in_tail(position)
        return span.in_head(position) or span.in_tail(position)

    def _apply_first(
        self,
        doc: Document,
        index: RuleIndex,
        hits: dict[int, list[Hit]],
        kept: list[Block],
        i: int,
        span: BodySpan,
    ) -> int:
        """Apply the first rule that matched block i; returns the last position it consumed."""
        if kept[i].removed:
            return i
        for hit in hits.get(i, ()):
            if self._where_ok(hit[0], span, i) and self._followed_ok(hit[0], hits, i):
                return self._act(doc, index, hits, kept, i, hit)
        return i

    @staticmethod
    def _followed_ok(rule: Rule, hits: dict[int, list[Hit]], position: int) -> bool:
        """Whether a rule that asks for a context has it: a `followed_by` rule matched one of the
        next few blocks (in this pass, whatever became of them)."""
        if not rule.followed_by:
            return True
        return any(
            other.id in rule.followed_by
            for after in range(position + 1, position + 1 + FOLLOWED_WITHIN)
            for other, _match in hits.get(after, ())
        )

    def _act(
        self, doc: Document, index: RuleIndex, hits: dict[int, list[Hit]], kept: list[Block], i: int, hit: Hit
    ) -> int:
        rule, match = hit
        block = kept[i]
        if rule.action is Action.DROP:
            doc.drop(block, rule.id)
            return i
        field = self._record(doc, rule, match, block.text)
        if rule.action is Action.MOVE:
            self._take(doc, block, rule.id, field)
            return i
        if rule.action is Action.REST:
            self._take(doc, block, rule.id, field)
            for after in kept[i + 1 :]:
                if not after.removed:
                    doc.drop(after, rule.id, reason=f"under block {block.index}, which ends the text")
            return len(kept) - 1
        return self._take_list(doc, index, hits, rule, kept, i, field)

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

    def _take_list(
        self,
        doc: Document,
        index: RuleIndex,
        hits: dict[int, list[Hit]],
        rule: Rule,
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
        while j < len(kept) and j - i <= rule.max_items and is_item(rule.item, kept[j]):
            if any(r.id in index.claimers for r, _ in hits.get(j, ())):
                break
            item = kept[j]
            if rule.field and record(doc.metadata, rule.field, item.text):
                doc.move(item, rule.id, rule.field)
            else:
                doc.drop(item, rule.id)
            j += 1
        return j - 1


class PeelEnds(Step):
    id = "peel_ends"
    description = (
        "Apply the start/end rules (bios, calls to action, appeals) to the first and last blocks "
        "still in the text, moving inwards while they match."
    )

    def __init__(self, config: Config, rules: ApplyRules) -> None:
        super().__init__(config)
        self.rules = rules

    def run(self, doc: Document) -> Document:
        return self.rules.peel(doc)

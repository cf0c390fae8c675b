"""A rule as data: id, description, pattern, action, placement, examples; and loading rule packs."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from .._toml import read_file
from ..errors import RuleError
from ..features import line_head, tokens_of

if TYPE_CHECKING:
    from ..document import Block

__all__ = ["Action", "ItemKind", "Pack", "Rule", "Where", "is_character_token", "load_pack", "parse_pack"]

_ID = regex.compile(r"[a-z][a-z0-9_]*")

# The metadata fields a rule may fill, by a named group of its pattern or by `field`.
SCALAR_FIELDS = frozenset({"title", "source", "author", "date"})
LIST_FIELDS = frozenset({"breadcrumbs", "captions", "related", "alternate_domains", "attribution"})
CAPTION_GROUPS = frozenset({"caption", "credit"})

# Put before every rule's pattern: ignoring case folds one character to one, as Python's `re`
# does. `regex` in its version 1 folds fully when it ignores case ("ß" matches "ss"), and then
# backtracks exponentially on a word followed by a repeated class: `email[\w.+-]+@` took 11 ms
# on a 60-character line, four times longer for every ten characters more.
SIMPLE_CASE_FOLDING = "(?-f)"


class Action(str, enum.Enum):
    DROP = "drop"  # the block leaves the text
    MOVE = "move"  # the block leaves the text and its content goes to a metadata field
    LIST = "list"  # a heading and the short lines under it leave; the lines may go to a field
    CUT = "cut"  # a fragment is cut off the block; the rest stays
    # The heading and every block after it leave: a comment thread runs to the end of a page.
    # It never takes the body's first paragraph or what stands above it (see ApplyRules).
    REST = "rest"


# Splitting a block into words costs a pass over it; when the rules that admit its length need
# only this many words (the longest lines: one, "lorem"), a substring test of each tells first
# whether any of them could be there. A word can only be a token where it is a substring.
FEW_GATE_WORDS = 8

# How many blocks after a rule's block are looked at for its `followed_by` context: a comment
# thread's first chrome line (a "Reply" button) can stand under the comment's date, the
# commenter's name and the comment. (Three until the twentieth session; four changes one of the
# 1,418 text dev documents, whose thread now leaves: text-page word F1 +0.18 there.)
FOLLOWED_WITHIN = 4


class Where(str, enum.Enum):
    ANYWHERE = "anywhere"
    HEAD = "head"  # before the first body paragraph
    TAIL = "tail"  # after the last body paragraph
    EDGES = "edges"  # head or tail, never between two body paragraphs
    # Peeled from the ends: the rule applies to the first (or last) block still in the text,
    # then to the next one in, until a block does not match. For residue that reads as prose
    # (an author's bio, a closing call to action), which a head/tail split cannot tell apart.
    START = "start"
    END = "end"
    ENDS = "ends"


class ItemKind(str, enum.Enum):
    HEADLINE = "headline"  # a short title-like line (related-article lists)
    DOMAIN = "domain"  # a bare host name (mirror notices)
    SHORT = "short"  # any short line that is not prose (menus, tag lists)
    NAME = "name"  # a short proper name, each word capitalized (a byline's name under its label)


def is_character_token(token: str) -> bool:
    """Whether a required token is a character to look for in a line (a symbol, or a digit
    standing for any number) rather than a whole word of it."""
    return len(token) == 1 and not token.isalpha()


@dataclass(frozen=True)
class Rule:
    """One kind of residue, described, with the pattern that finds it and what to do with it."""

    id: str
    description: str
    pattern: str
    action: Action
    where: Where = Where.ANYWHERE
    field: str | None = None
    item: ItemKind | None = None  # for LIST: what the lines under the heading look like
    max_items: int = 12
    max_words: int | None = None  # only blocks of at most this many words; None: any length
    # A cheap gate in front of the pattern: a block must hold one of these tokens, lowercased
    # words or single characters (a symbol such as "?" or "/", or a digit standing for any
    # number), or begin with one of the `starts` prefixes, before the pattern is tried. It must
    # admit every line the pattern matches, so a multi-word phrase is gated on one of its
    # words; the tests check it on every example, and on lines drawn from the pattern itself.
    requires: tuple[str, ...] = ()
    # Prefixes one of which a block begins with, once its leading bullets, dashes and spaces
    # are set aside: the gate of a rule anchored at the start of a line, which also admits
    # glued forms ("FacebookTwitter") where a whole-word gate would not.
    starts: tuple[str, ...] = ()
    # A second gate that narrows the first: the block must also hold one of these tokens (same
    # kinds as `requires`). For a rule whose first gate lets in many lines, where the pattern
    # needs two things (a date line: a digit, and a month's name or an ISO date's "-").
    also_requires: tuple[str, ...] = ()
    ignore_case: bool = True
    # Ids of rules one of which must match one of the next FOLLOWED_WITHIN blocks for this rule
    # to apply: a context that the line alone does not show ("36 Comments" opens a thread when
    # commenter lines or a comment form follow it; above an article's text it is a count).
    followed_by: tuple[str, ...] = ()
    pack: str = ""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    compiled: regex.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    gated: bool = dataclasses.field(init=False, repr=False, compare=False)
    gate_words: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)
    gate_characters: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)
    also_words: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)
    also_characters: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _ID.fullmatch(self.id):
            raise RuleError(f"rule id {self.id!r} is not snake_case")
        if not self.pattern:
            # an empty alternative matches everything: refuse it the way trafilatura does
            raise RuleError(f"rule {self.id}: empty pattern")
        flags = regex.V1 | (regex.IGNORECASE if self.ignore_case else 0)
        try:
            compiled = regex.compile(SIMPLE_CASE_FOLDING + self.pattern, flags)
        except regex.error:
            try:  # the error again, from the pattern as written: its position is then the user's
                regex.compile(self.pattern, flags)
            except regex.error as exc:
                raise RuleError(f"rule {self.id}: bad pattern: {exc}") from exc
            raise  # pragma: no cover - the prefix alone can't make a good pattern bad
        if compiled.fullmatch(""):
            raise RuleError(f"rule {self.id}: pattern matches the empty string")
        groups = set(compiled.groupindex)
        unknown = groups - SCALAR_FIELDS - LIST_FIELDS - CAPTION_GROUPS - {"value"}
        if unknown:
            raise RuleError(f"rule {self.id}: unknown named group(s) {sorted(unknown)}")
        if self.field is not None and self.field not in SCALAR_FIELDS | LIST_FIELDS:
            raise RuleError(f"rule {self.id}: unknown field {self.field!r}")
        if self.action is Action.MOVE and self.field is None and not groups - {"value"}:
            raise RuleError(f"rule {self.id}: a move rule needs a field or named groups")
        if self.action is Action.LIST and self.item is None:
            raise RuleError(f"rule {self.id}: a list rule needs `item`")
        if self.followed_by and self.where in (Where.START, Where.END, Where.ENDS):
            # peeled from the ends one block at a time, where the blocks after are not matched yet
            raise RuleError(
                f"rule {self.id}: `followed_by` is for rules placed anywhere, head, tail or edges"
            )
        object.__setattr__(self, "compiled", compiled)
        for key, tokens in (("requires", self.requires), ("also_requires", self.also_requires)):
            bad = [w for w in tokens if len(tokens_of(w)) != 1]
            if bad:
                raise RuleError(f"rule {self.id}: `{key}` holds single words or symbols, not {bad}")
        if self.also_requires and not (self.requires or self.starts):
            raise RuleError(f"rule {self.id}: `also_requires` narrows a `requires` or `starts` gate")
        bad = [p for p in self.starts if not p or p != line_head(p.lower())]
        if bad:
            raise RuleError(f"rule {self.id}: `starts` holds lowercase words, not {bad}")
        object.__setattr__(self, "gated", bool(self.requires or self.starts))
        gate_words, gate_characters = _words_and_characters(self.requires)
        object.__setattr__(self, "gate_words", gate_words)
        object.__setattr__(self, "gate_characters", gate_characters)
        also_words, also_characters = _words_and_characters(self.also_requires)
        object.__setattr__(self, "also_words", also_words)
        object.__setattr__(self, "also_characters", also_characters)

    def lists_into(self, field: str) -> bool:
        """Whether the rule takes a heading and the lines under it into this metadata field."""
        return self.action is Action.LIST and self.field == field

    def admits(self, block: Block) -> bool:
        """The cheap checks before the pattern: the block's length and its gate (on the block's
        lowercased text and words, which it computes once for every rule that asks)."""
        if self.max_words is not None and block.words > self.max_words:
            return False
        if not self.gated:
            return True
        return (
            _holds_one(block, self.gate_words, self.gate_characters)
            or (bool(self.starts) and line_head(block.lowered).startswith(self.starts))
        ) and self.passes_second_gate(block)

    def passes_second_gate(self, block: Block) -> bool:
        """Whether the block holds one of the `also_requires` tokens (True for a rule without)."""
        return not self.also_requires or _holds_one(block, self.also_words, self.also_characters)

    def matches(self, text: str, timeout: float | None = None) -> regex.Match[str] | None:
        """The match on a whole block (a fragment of it, for CUT); None where it does not apply."""
        if self.action is Action.CUT:
            return self.compiled.search(text, timeout=timeout)
        return self.compiled.fullmatch(text, timeout=timeout)

    def matches_in_time(self, text: str, timeout: float | None) -> regex.Match[str] | None:
        """As `matches`, but None where the pattern runs past the timeout on this text: a pattern
        too slow for a block never decides its fate. (`rules check` reports such lines instead.)"""
        try:
            return self.matches(text, timeout)
        except TimeoutError:
            return None


def _words_and_characters(tokens: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """A gate's tokens split into the words to find among a block's words and the characters
    to find in its text (see `is_character_token`)."""
    characters = frozenset(t for t in tokens if is_character_token(t))
    return frozenset(tokens) - characters, characters


def _holds_one(block: Block, words: frozenset[str], characters: frozenset[str]) -> bool:
    """Whether the block holds one of the words or characters (the characters first: looking
    for them needs no split of the block into words; then, for a few words, a look for them as
    substrings, which spares splitting a long paragraph that holds none: see FEW_GATE_WORDS)."""
    lowered = block.lowered
    if any(c in lowered for c in characters):
        return True
    if not words or (len(words) <= FEW_GATE_WORDS and not any(w in lowered for w in words)):
        return False
    return not words.isdisjoint(block.tokens)


@dataclass(frozen=True)
class Pack:
    """A named, ordered group of rules: the generic pack of a language, or one site's pack."""

    name: str
    description: str
    rules: tuple[Rule, ...]
    language: str | None = None
    sites: tuple[str, ...] = ()  # domains whose documents get this pack
    outlets: tuple[str, ...] = ()  # outlet names that, printed near the edges, select it


def _enum(kind: type[enum.Enum], value: Any, rule_id: str, key: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise RuleError(f"rule {rule_id}: {key} must be one of {allowed}, not {value!r}") from None


def parse_rule(data: dict[str, Any], pack: str) -> Rule:
    rule_id = str(data.get("id", "?"))
    allowed = {
        "id",
        "description",
        "pattern",
        "action",
        "where",
        "field",
        "item",
        "max_items",
        "max_words",
        "requires",
        "starts",
        "also_requires",
        "ignore_case",
        "followed_by",
        "examples",
        "counterexamples",
    }
    unknown = set(data) - allowed
    if unknown:
        raise RuleError(f"rule {rule_id}: unknown key(s) {sorted(unknown)}")
    for key in ("id", "description", "pattern", "action"):
        if key not in data:
            raise RuleError(f"rule {rule_id}: missing {key!r}")
    return Rule(
        id=rule_id,
        description=str(data["description"]).strip(),
        pattern=str(data["pattern"]).strip(),
        action=_enum(Action, data["action"], rule_id, "action"),
        where=_enum(Where, data.get("where", "anywhere"), rule_id, "where"),
        field=data.get("field"),
        item=_enum(ItemKind, data["item"], rule_id, "item") if "item" in data else None,
        max_items=int(data.get("max_items", 12)),
        max_words=data.get("max_words"),
        requires=tuple(str(w).lower() for w in data.get("requires", ())),
        starts=tuple(str(w) for w in data.get("starts", ())),
        also_requires=tuple(str(w).lower() for w in data.get("also_requires", ())),
        ignore_case=bool(data.get("ignore_case", True)),
        followed_by=tuple(str(r) for r in data.get("followed_by", ())),
        pack=pack,
        examples=tuple(data.get("examples", ())),
        counterexamples=tuple(data.get("counterexamples", ())),
    )


def parse_pack(data: dict[str, Any], default_name: str) -> Pack:
    """A pack from parsed TOML: an optional `[pack]` table and `[[rules]]` entries."""
    head = data.get("pack", {})
    name = str(head.get("name", default_name))
    rules = tuple(parse_rule(r, name) for r in data.get("rules", []))
    ids = [r.id for r in rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise RuleError(f"pack {name}: duplicate rule id(s) {dupes}")
    return Pack(
        name=name,
        description=str(head.get("description", "")).strip(),
        rules=rules,
        language=head.get("language"),
        sites=tuple(head.get("sites", ())),
        outlets=tuple(head.get("outlets", ())),
    )


def load_pack(path: str | Path) -> Pack:
    """Load a rule file (TOML); errors name the file."""
    path = Path(path)
    data = read_file(path, "rule file", RuleError)
    try:
        return parse_pack(data, path.stem)
    except RuleError as exc:
        raise RuleError(f"{path}: {exc}") from exc

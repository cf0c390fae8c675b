"""Where a block stands relative to the body: head (before it), body, or tail (after it)."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from .document import Block

__all__ = ["BodySpan"]


@dataclass(frozen=True)
class BodySpan:
    """Positions (in a list of kept blocks) of the first and the last body paragraph."""

    first: int | None
    last: int | None

    @classmethod
    def of(cls, blocks: Sequence[Block], residue: Container[int] = ()) -> BodySpan:
        """The span of the prose blocks; those at a position in `residue` (a rule matched them:
        a caption, a notice) do not count, since the span must not move when they leave."""
        prose = [i for i, b in enumerate(blocks) if b.prose and i not in residue]
        if not prose:
            return cls(None, None)
        return cls(prose[0], prose[-1])

    # A document without a body paragraph is all edges: every line is both head and tail.
    # (Counting "the first few lines" instead would change once other lines leave, and cleaning
    # the output again would then remove more.)

    def in_head(self, position: int) -> bool:
        return self.first is None or position < self.first

    def in_tail(self, position: int) -> bool:
        return self.last is None or position > self.last

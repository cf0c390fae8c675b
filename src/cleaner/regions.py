"""Where a block stands relative to the body: head (before it), body, or tail (after it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .document import Block

__all__ = ["BodySpan"]


@dataclass(frozen=True)
class BodySpan:
    """Positions (in a list of kept blocks) of the first and the last body paragraph."""

    first: int | None
    last: int | None

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> BodySpan:
        prose = [i for i, b in enumerate(blocks) if b.prose]
        if not prose:
            return cls(None, None)
        return cls(prose[0], prose[-1])

    def in_head(self, position: int) -> bool:
        # A document without a body paragraph has no head to speak of beyond its first lines.
        return position < (self.first if self.first is not None else 3)

    def in_tail(self, position: int) -> bool:
        return self.last is not None and position > self.last

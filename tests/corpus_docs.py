"""Synthetic sites for the corpus-mode tests: the same chrome around different article bodies."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "council",
    "river",
    "bridge",
    "budget",
    "residents",
    "engineers",
    "cracks",
    "steel",
    "beams",
    "harbour",
    "ferry",
    "school",
    "teachers",
    "parents",
    "library",
    "museum",
    "garden",
    "farmers",
    "market",
    "weather",
    "storm",
    "rainfall",
    "drought",
    "festival",
    "orchestra",
    "hospital",
    "nurses",
    "clinic",
    "patients",
    "railway",
    "station",
    "tunnel",
    "workers",
    "union",
    "mayor",
    "election",
    "voters",
]

MENU = ["Home", "News", "Sport", "Culture", "Subscribe to our newsletter", "Sign in"]
FOOTER = [
    "About us",
    "Contact the newsroom",
    "The Harbour Gazette is published by Gazette Media Group and printed on recycled paper every morning.",
    "All rights reserved.",
]


def sentence(rng: random.Random, words: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def body(rng: random.Random, paragraphs: int = 4) -> list[str]:
    return [sentence(rng) + " " + sentence(rng) for _ in range(paragraphs)]


def page(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def write_site(root: Path, name: str, documents: int, *, seed: int = 0, shared: str | None = None) -> Path:
    """`root/name/NNN.txt`: menu, a body of its own, footer; `shared` goes into the first two bodies."""
    rng = random.Random(f"{name}-{seed}")
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(documents):
        paragraphs = body(rng)
        if shared is not None and n < 2:
            paragraphs.insert(1, shared)
        (folder / f"{n:03d}.txt").write_text(page(MENU + paragraphs + FOOTER), encoding="utf-8")
    return folder

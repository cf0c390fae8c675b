"""A small article page for the tests of what HTML input keeps from its markup (captions, related lists)."""

from __future__ import annotations

PARAGRAPHS = "".join(
    f"<p>{text}</p>"
    for text in (
        "The council voted on Tuesday to extend the library's opening hours, after a year in which "
        "visits rose by a third and the reading rooms were full most evenings.",
        "The chair said the staff had asked for longer hours for two years, and that the money "
        "would come from the budget for the town's summer festival.",
        "The new hours start in March and run until the end of the year, when the council will "
        "look at the visitor figures again before it votes on next year's budget.",
    )
)


def page(body: str) -> str:
    return f"<html><head><title>Library hours extended</title></head><body>{body}</body></html>"

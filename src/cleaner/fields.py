"""Turning a matched piece of residue into a metadata value: credits, dates, bylines, crumbs."""

from __future__ import annotations

import datetime as dt

import regex

from .document import Caption, Metadata

__all__ = ["clean_author", "clean_credit", "is_credit_line", "parse_date", "record", "split_breadcrumbs"]

_CREDIT_PREFIX = regex.compile(
    r"^(?:(?:photo|image|picture|video|graphic|illustration|cover)s?(?:\s+(?:credit|source|courtesy))?"
    r"|credits?|source|courtesy(?:\s+of)?|©|\(c\))\s*(?:[:,/|-]\s*|\s+(?=\w))",
    regex.IGNORECASE,
)
_WRAPPING = regex.compile(r"^[\s(\[{©]+|[\s)\]}.]+$")


def clean_credit(credit: str) -> str:
    """ "Photo: Reuters" -> "Reuters", "(File photo)" -> "File photo", "© AFP" -> "AFP"."""
    text = _WRAPPING.sub("", credit.strip())
    previous = None
    while previous != text:
        previous = text
        text = _WRAPPING.sub("", _CREDIT_PREFIX.sub("", text))
    return text


# How a credit line starts: a label and a colon, "Photo by", "Courtesy of", "©". Stricter than
# the prefix `clean_credit` takes off a known credit: "Image 1: ..." and "Pictures from the
# march" start captions.
_CREDIT_LINE = regex.compile(
    r"^(?:(?:photo|image|picture|video|graphic|illustration|cover)s?"
    r"(?:\s+(?:credits?|source|courtesy(?:\s+of)?))?\s*:"
    r"|(?:photo|image|picture|video|graphic|illustration)s?\s+(?:by|courtesy(?:\s+of)?)\s"
    r"|credits?\s*:|source\s*:|courtesy(?:\s+of)?\s|©|\(c\)\s)",
    regex.IGNORECASE,
)
# A credit line is short: a name or two after its label ("Photo: Jane Doe/Reuters").
CREDIT_LINE_MAX_WORDS = 14


def is_credit_line(text: str) -> bool:
    """Whether a text is only a credit: "Photo: Reuters", "Image credit: X", "© AFP"."""
    return _CREDIT_LINE.match(text) is not None and len(text.split()) <= CREDIT_LINE_MAX_WORDS


_CRUMB_SPLIT = regex.compile(r"\s+(?:/|>|»|›|\||→)\s+|\s*[>»›→]\s*")


def split_breadcrumbs(line: str) -> list[str]:
    return [part.strip() for part in _CRUMB_SPLIT.split(line) if part.strip()]


_BY = regex.compile(
    r"^(?:(?:written|posted|reported|story)\s+)?by\s*[:\-]?\s+|^authors?\s*[:\-]\s*", regex.IGNORECASE
)


def clean_author(text: str) -> str:
    """ "By Jane Doe and John Roe" -> "Jane Doe and John Roe" (several names stay one string)."""
    return _BY.sub("", text.strip()).strip(" ,;|-–—")


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_FORMS = [
    regex.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d?)-(?P<day>\d\d?)"),
    regex.compile(
        _MONTH + r"\s+(?P<day>\d\d?)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)", regex.IGNORECASE
    ),
    regex.compile(
        r"(?P<day>\d\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)",
        regex.IGNORECASE,
    ),
]


def parse_date(text: str) -> str | None:
    """The first unambiguous calendar date in the text, as ISO `YYYY-MM-DD`; None if none."""
    for form in _DATE_FORMS:
        m = form.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower().rstrip(".")]
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            continue
    return None


def record(metadata: Metadata, name: str, value: str) -> bool:
    """Put a value into a field: a scalar only if still empty, a list item only once."""
    value = value.strip()
    if not value:
        return False
    if name == "author":
        value = clean_author(value)
    elif name == "date":
        parsed = parse_date(value)
        if parsed is None:
            return False
        value = parsed
    elif name == "breadcrumbs":
        crumbs = split_breadcrumbs(value)
        if not metadata.breadcrumbs:
            metadata.breadcrumbs = crumbs
        return True
    current = getattr(metadata, name)
    if isinstance(current, list):
        if value not in current:
            current.append(value)
        return True
    if current is None:
        setattr(metadata, name, value)
    return True


def record_caption(metadata: Metadata, text: str, credit: str | None) -> None:
    """A caption once, however often the page repeats it."""
    text = text.strip()
    credit = clean_credit(credit) if credit else None
    if any(c.text == text for c in metadata.captions):
        return
    metadata.captions.append(Caption(text=text, credit=credit or None))

"""Redaction of personal identifiers from free-text feedback, before it is stored.

Rules, not a model: precompiled regular expressions for the structured identifiers (NHS numbers, phones,
e-mails, postcodes, hospital numbers, dates of birth, addresses) and `coqi.text.names` for people's names.
Spans are found on the original text; the redacted text replaces each span by a placeholder such as `[PERSON]`.
When two findings overlap, the one found first in `_DETECTORS` wins (structured before names), so an e-mail
address `john.smith@…` is one EMAIL, not a PERSON inside an EMAIL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from coqi.text import names

SPAN_TYPES = (
    "PERSON",
    "NHS_NUMBER",
    "PHONE",
    "EMAIL",
    "POSTCODE",
    "ADDRESS",
    "DATE_OF_BIRTH",
    "HOSPITAL_NUMBER",
)


@dataclass(frozen=True, slots=True)
class Span:
    """One identifier found: `text[start:end]` of the original text, and its type (one of SPAN_TYPES)."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted text and the spans (offsets in the original text) that were replaced."""

    text: str
    spans: list[Span]


# --- structured identifiers -------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# 10 digits, grouped 3-3-4 with one kind of separator (space, dash, dot) or none. The check digit is tested in code.
_NHS_NUMBER = re.compile(r"(?<![\d+])([1-9]\d{2})([ \-.]?)(\d{3})\2(\d{4})(?![\d])")

# UK numbers: +44 / 0044 / 0 then 9–10 more digits in groups; brackets round the area code are common.
_PHONE = re.compile(
    r"(?<![\d+])"
    r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)"
    r"\d{2,5}\)?(?:[ \-.]?\d){5,8}"
    r"(?!\d)"
)
_PHONE_DIGITS = re.compile(r"\d")

# Full postcodes only: a district on its own ("NE1") says too little to identify anyone and collides with roads.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]|\d{1,2}|[A-HK-Y]\d[ABEHMNPRV-Y]|[A-HK-Y]\d{1,2})"
    r" ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Close|Crescent|Cres|Way|Place|Pl|Court|Ct|Gardens|Gdns|Grove|"
    r"Terrace|Terr|Walk|Hill|Park|Square|Sq|Mews|View|Row|Rise|Green|Parade|Boulevard|Vale|Gate|Croft|Wynd|Chase|"
    r"Meadows?|Fields?|Villas|Cottages|Estate|Bank"
)
_FLAT_PREFIX = r"(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?"
# Capitalised street names; words of the name may not be a street type themselves ("12 Park Road" is fine).
_ADDRESS = re.compile(
    _FLAT_PREFIX
    + r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-zA-Z'’]+\s+){1,3}(?:"
    + _STREET_TYPES
    + r")\b"
    # the full stop of an abbreviation ("12 Mill Rd.") belongs to the address; a sentence's full stop does not
    + r"(?:(?:(?<=St|Rd|Ln|Pl|Ct|Sq)|(?<=Ave)|(?<=Gdns|Cres|Terr))\.)?"
)
# Lower-case addresses ("12 high street") only with an unmistakable street type and no counting word in between.
_ADDRESS_LOWER = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?!(?:the|a|an|on|of|in|to|at|hours?|hrs|minutes?|mins|days?|weeks?|months?|years?|"
    r"miles?|times?|more|down|up|or|and|different|other|separate|people|staff|nurses?|doctors?|calls?)\b)"
    r"[a-z']+\s+(?:[a-z']+\s+)?(?:street|road|avenue|lane|drive|close|crescent|terrace|gardens|grove)\b",
)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"\.?,?\s+(?:19|20)\d{2}"
    r"|" + _MONTHS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}(?:-\d{2}-\d{2})?)"
)
# The date is redacted only when the context says it is a date of birth; the cue words stay.
_DATE_OF_BIRTH = re.compile(
    r"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on|\s+in)?|birth\s*date|birthday\s+(?:is|was|on))"
    r"[\s,:=\-]*(?:(?:which|that|it|is|was|being|on|of)[\s,:=\-]+){0,3}(?P<date>" + _DATE + r")",
    re.IGNORECASE,
)

_HOSPITAL_NUMBER_CONTEXT = re.compile(
    r"\b(?:MRN|hospital\s+(?:no|number|num|id)|patient\s+(?:no|number|id)|unit\s+(?:no|number)|"
    r"hosp\.?\s+no|case\s+(?:no|number)|reference\s+(?:no|number))\.?"
    r"\s*(?:is|was|:|#|-|=)?\s*(?P<number>[A-Z]{0,4}\d[\d ]{3,11}\d[A-Z]?|[A-Z]{0,4}\d{5,12}[A-Z]?)\b",
    re.IGNORECASE,
)
# Typical hospital-number shapes even without context: 1–3 capitals then 6–9 digits (e.g. RX1234567, A1234567).
_HOSPITAL_NUMBER_SHAPE = re.compile(r"\b[A-Z]{1,3}\d{6,9}\b")

_HAS_DIGIT = re.compile(r"\d")


def nhs_number_is_valid(digits: str) -> bool:
    """True when a 10-digit string passes the NHS number Modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Span]:
    for match in _NHS_NUMBER.finditer(text):
        if nhs_number_is_valid(match.group(1) + match.group(3) + match.group(4)):
            yield Span(match.start(), match.end(), "NHS_NUMBER")


def _phones(text: str) -> Iterator[Span]:
    for match in _PHONE.finditer(text):
        raw = match.group()
        digits = "".join(_PHONE_DIGITS.findall(raw))
        if raw.lstrip("(").startswith(("+", "00")):
            national = digits[4:] if digits.startswith("0044") else digits[2:]
            national = national[1:] if national.startswith("0") else national
            if 9 <= len(national) <= 10:
                yield Span(match.start(), match.end(), "PHONE")
        elif 10 <= len(digits) <= 11:
            yield Span(match.start(), match.end(), "PHONE")


def _simple(pattern: re.Pattern, span_type: str, group: int | str = 0) -> Callable[[str], Iterator[Span]]:
    def find(text: str) -> Iterator[Span]:
        for match in pattern.finditer(text):
            yield Span(match.start(group), match.end(group), span_type)

    return find


def _hospital_numbers(text: str) -> Iterator[Span]:
    for match in _HOSPITAL_NUMBER_CONTEXT.finditer(text):
        yield Span(match.start("number"), match.end("number"), "HOSPITAL_NUMBER")
    for match in _HOSPITAL_NUMBER_SHAPE.finditer(text):
        yield Span(match.start(), match.end(), "HOSPITAL_NUMBER")


def _people(text: str) -> Iterator[Span]:
    for start, end in names.find_names(text):
        yield Span(start, end, "PERSON")


# (detector, needs a digit): detectors of numeric identifiers are skipped on texts with no digit at all.
_DETECTORS: tuple[tuple[Callable[[str], Iterable[Span]], bool], ...] = (
    (_simple(_EMAIL, "EMAIL"), False),
    (_nhs_numbers, True),
    (_simple(_DATE_OF_BIRTH, "DATE_OF_BIRTH", "date"), True),
    (_hospital_numbers, True),
    (_phones, True),
    (_simple(_POSTCODE, "POSTCODE"), True),
    (_simple(_ADDRESS, "ADDRESS"), True),
    (_simple(_ADDRESS_LOWER, "ADDRESS"), True),
    (_people, False),
)


def find_spans(text: str) -> list[Span]:
    """All identifiers in `text`, sorted by start, never overlapping."""
    has_digit = _HAS_DIGIT.search(text) is not None
    has_at = "@" in text
    taken: list[Span] = []
    occupied = bytearray(len(text))  # 1 where an earlier finding already is: overlap checks stay linear
    for detector, needs_digit in _DETECTORS:
        if needs_digit and not has_digit:
            continue
        if detector is _DETECTORS[0][0] and not has_at:
            continue
        for span in detector(text):
            if span.end > span.start and occupied.find(1, span.start, span.end) == -1:
                occupied[span.start : span.end] = b"\x01" * (span.end - span.start)
                taken.append(span)
    taken.sort(key=lambda span: span.start)
    return taken


def redact(text: str) -> Redaction:
    """Redact personal identifiers from one comment. Non-strings (None, NaN) count as empty text."""
    if not isinstance(text, str) or not text:
        return Redaction(text="" if not isinstance(text, str) else text, spans=[])
    spans = find_spans(text)
    if not spans:
        return Redaction(text=text, spans=[])
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        pieces.append(f"[{span.type}]")
        cursor = span.end
    pieces.append(text[cursor:])
    return Redaction(text="".join(pieces), spans=spans)


def redact_many(texts: Iterable[str]) -> list[str]:
    """Redacted text of each comment, in order: the batch path for files of comments."""
    return [redact(text).text for text in texts]

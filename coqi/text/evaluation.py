"""Scoring redaction against hand-marked sentences: `[[TYPE:text]]` marks an identifier that must go."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from coqi.text.redaction import SPAN_TYPES, Span, find_spans

_MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


@dataclass(frozen=True)
class MarkedCase:
    text: str
    spans: list[Span]


def parse_marked(line: str) -> MarkedCase:
    """The plain sentence and the marked spans, with offsets in the plain sentence."""
    pieces, spans, cursor, length = [], [], 0, 0
    for match in _MARK.finditer(line):
        kind, value = match.group(1), match.group(2)
        if kind not in SPAN_TYPES:
            raise ValueError(f"unknown identifier type {kind!r} in {line!r}")
        before = line[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        spans.append(Span(length, length + len(value), kind))
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(line[cursor:])
    return MarkedCase(text="".join(pieces), spans=spans)


def read_cases(path: Path) -> list[MarkedCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_marked(line) for line in lines if line.strip() and not line.startswith("#")]


def score(cases: list[MarkedCase]) -> dict[str, dict[str, float]]:
    """Per type: true positives (a found span of the same type overlapping a marked one), misses, false alarms,
    exact matches, precision and recall; plus the number of negative sentences wrongly touched."""
    counts: Counter = Counter()
    for case in cases:
        found = find_spans(case.text)
        for gold in case.spans:
            hit = [s for s in found if s.type == gold.type and s.start < gold.end and gold.start < s.end]
            counts[gold.type, "tp" if hit else "fn"] += 1
            if any(s.start == gold.start and s.end == gold.end for s in hit):
                counts[gold.type, "exact"] += 1
        for span in found:
            if not any(g.type == span.type and span.start < g.end and g.start < span.end for g in case.spans):
                counts[span.type, "fp"] += 1
        if not case.spans:
            counts["negatives"] += 1
            counts["negatives_touched"] += bool(found)
    table = {}
    for kind in SPAN_TYPES:
        tp, fn, fp = counts[kind, "tp"], counts[kind, "fn"], counts[kind, "fp"]
        table[kind] = {
            "marked": tp + fn,
            "found": tp,
            "exact": counts[kind, "exact"],
            "false_alarms": fp,
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
        }
    table["_negatives"] = {"sentences": counts["negatives"], "touched": counts["negatives_touched"]}
    return table


def misses(cases: list[MarkedCase]) -> list[str]:
    """One line per wrong decision, for fixing rules."""
    lines = []
    for case in cases:
        found = find_spans(case.text)
        gold = {(s.start, s.end, s.type) for s in case.spans}
        got = {(s.start, s.end, s.type) for s in found}
        for start, end, kind in sorted(gold - got):
            lines.append(f"MISSED {kind} {case.text[start:end]!r} in {case.text!r}")
        for start, end, kind in sorted(got - gold):
            lines.append(f"EXTRA  {kind} {case.text[start:end]!r} in {case.text!r}")
    return lines

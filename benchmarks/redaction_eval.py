"""Recall and precision of coqi.text.redact per identifier type on the hand-made test set.

    .venv/bin/python benchmarks/redaction_eval.py [--cases FILE ...] [--show-errors]

By default both hand-made sets are scored: `redaction_cases.txt` (written alongside the rules, so it flatters
them) and `redaction_cases_unseen.txt` (written after the rules were finished; see its header).

A marked identifier counts as found when a span of the same type overlaps it; "exact" also needs the same
offsets. Every sentence in the set is invented; none comes from a real patient.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from coqi.text.evaluation import misses, read_cases, score
from coqi.text.redaction import SPAN_TYPES, redact

_TESTS = Path(__file__).resolve().parents[1] / "tests" / "text"
CASES = [_TESTS / "redaction_cases.txt", _TESTS / "redaction_cases_unseen.txt"]


def report(path: Path, *, show_errors: bool) -> None:
    cases = read_cases(path)
    table = score(cases)
    print(f"{len(cases)} sentences ({table['_negatives']['sentences']} with nothing to redact) from {path.name}")
    print(f"{'type':<16}{'marked':>7}{'found':>7}{'exact':>7}{'false+':>8}{'recall':>8}{'precision':>11}")
    for kind in SPAN_TYPES:
        row = table[kind]
        print(
            f"{kind:<16}{row['marked']:>7}{row['found']:>7}{row['exact']:>7}{row['false_alarms']:>8}"
            f"{row['recall']:>8.3f}{row['precision']:>11.3f}"
        )
    print(f"negative sentences wrongly touched: {table['_negatives']['touched']} of {table['_negatives']['sentences']}")
    texts = [case.text for case in cases] * 200
    started = time.perf_counter()
    for text in texts:
        redact(text)
    print(f"speed: {len(texts) / (time.perf_counter() - started):,.0f} sentences/s (single process)")
    if show_errors:
        print("\n".join(misses(cases)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, nargs="+", default=CASES)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    for number, path in enumerate(args.cases):
        if number:
            print()
        report(path, show_errors=args.show_errors)


if __name__ == "__main__":
    main()

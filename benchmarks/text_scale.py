"""End-to-end scale of coqi.text: read a CSV of 1,200,000 comments (a month of national FFT volume), redact
every comment, classify it (themes + sentiment), write the result. Goal: under 10 minutes on 2 cores.

The comments are synthetic: made from templates with a fixed seed (not the public data repeated), so they carry
identifiers (names, phones, NHS numbers, postcodes …) for the redaction to find and every run sees the same file.

    .venv/bin/python benchmarks/text_scale.py [--n 1200000] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

CHUNK = 20_000
GOAL_SECONDS = 600

_OPENERS = ["", "", "Overall ", "To be honest ", "Honestly, ", "I would say ", "As always ", "On the whole "]
_PRAISE = [
    "the staff were kind and caring",
    "the crew were brilliant",
    "the nurses on Ward {ward} were lovely",
    "excellent service from start to finish",
    "everyone was friendly and professional",
    "the doctor explained everything clearly",
    "the driver was on time and very helpful",
    "I felt safe and listened to",
    "the food was good and there was plenty of choice",
]
_COMPLAINTS = [
    "I waited {hours} hours for the ambulance",
    "nobody told us what was happening",
    "the transport was late again and I missed my appointment",
    "the ward was noisy and I could not sleep",
    "it took {days} days to get through on the phone",
    "my medication was wrong twice",
    "there were not enough staff at night",
    "the parking was expensive and always full",
    "the appointment was cancelled with no explanation",
    "the toilets were dirty",
]
_PEOPLE = ["Dr {surname}", "Nurse {given}", "{given}", "{given} {surname}", "Mr {surname}", "Sister {surname}"]
_GIVEN = ["Sarah", "John", "Priya", "Mohammed", "Emma", "David", "Siobhan", "Tomasz", "Grace", "Callum", "Aisha"]
_SURNAMES = ["Patel", "Jones", "Smith", "Okafor", "Kowalski", "Walsh", "Khan", "Hughes", "Brown", "Reid"]
_IDENTIFIERS = [
    "call me on 07700 {a:03d}{b:03d}",
    "my NHS number is 943 476 5919",
    "we live at {n} High Street, NE1 4LP",
    "email me at patient{n}@example.com",
    "my DOB is {d:02d}/0{m}/19{y:02d}",
    "hospital number RX{a:04d}{b:03d}",
]
_SHORT = ["Very good", "Excellent", "Nothing", "Did not answer", "N/A", "Thank you", "Could not fault them", ""]


def synthetic_comment(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(_SHORT)
    values = {
        "ward": rng.randint(1, 40),
        "hours": rng.randint(2, 9),
        "days": rng.randint(2, 6),
        "n": rng.randint(1, 200),
        "a": rng.randint(0, 999),
        "b": rng.randint(0, 999),
        "d": rng.randint(1, 28),
        "m": rng.randint(1, 9),
        "y": rng.randint(30, 99),
        "given": rng.choice(_GIVEN),
        "surname": rng.choice(_SURNAMES),
    }
    parts = [rng.choice(_OPENERS) + rng.choice(_PRAISE if rng.random() < 0.6 else _COMPLAINTS)]
    for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2, 3])):
        parts.append(rng.choice(_PRAISE + _COMPLAINTS))
    if rng.random() < 0.3:
        parts.append(f"thanks to {rng.choice(_PEOPLE)}")
    if rng.random() < 0.05:
        parts.append(rng.choice(_IDENTIFIERS))
    text = ". ".join(part[0].upper() + part[1:] for part in parts).format(**values) + "."
    return text


def write_synthetic_csv(path: Path, *, n: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    questions = ["FFT Why?", "How could we improve?", "What was good?"]
    frame = pd.DataFrame(
        {
            "id": range(n),
            "question": [questions[i % 3] for i in range(n)],
            "fft_score": [rng.choice("1111122345") for _ in range(n)],
            "comment": [synthetic_comment(rng) for _ in range(n)],
        }
    )
    frame.to_csv(path, index=False)


# --- the timed work: runs in each worker process --------------------------------------------------------------------

_classifier = None


def _start_worker() -> None:
    global _classifier
    from coqi.text.classifier import Classifier

    _classifier = Classifier.load()


def _process(chunk: tuple[list[str], list[str], list[str]]) -> pd.DataFrame:
    from coqi.text.redaction import redact

    texts, questions, scores = chunk
    redacted = [redact(text).text for text in texts]
    result = _classifier.predict_frame(redacted, questions=questions, fft_scores=scores)
    result.insert(0, "comment", redacted)
    return result


def run(path: Path, output: Path, *, workers: int) -> dict[str, float]:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    timings["read CSV"] = time.perf_counter() - started
    mark = time.perf_counter()
    chunks = [
        (
            frame["comment"].iloc[i : i + CHUNK].tolist(),
            frame["question"].iloc[i : i + CHUNK].tolist(),
            frame["fft_score"].iloc[i : i + CHUNK].tolist(),
        )
        for i in range(0, len(frame), CHUNK)
    ]
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker) as pool:
        parts = list(pool.map(_process, chunks))
    result = pd.concat(parts, ignore_index=True)
    timings["redact + classify"] = time.perf_counter() - mark
    mark = time.perf_counter()
    frame["comment"] = result["comment"]
    frame["themes"] = result["themes"]
    frame["sentiment"] = result["sentiment"]
    frame.to_csv(output, index=False)
    timings["write CSV"] = time.perf_counter() - mark
    timings["end to end"] = time.perf_counter() - started
    return timings


def _mean_length(path: Path) -> float:
    return (
        pd.read_csv(path, usecols=["comment"], dtype=str, keep_default_na=False, nrows=100_000)["comment"]
        .str.len()
        .mean()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_200_000, help="number of comments (default 1,200,000)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--keep", type=Path, default=None, help="keep the input and output CSVs in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="coqi-text-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, output = folder / "synthetic_comments.csv", folder / "classified.csv"
    mark = time.perf_counter()
    write_synthetic_csv(source, n=args.n)
    print(
        f"generated {args.n:,} synthetic comments (templates, seed 2026) in {time.perf_counter() - mark:.0f} s:"
        f" {source.stat().st_size / 1e6:.0f} MB, mean {_mean_length(source):.0f} characters a comment (not timed;"
        f" the public FFT comments average 74)"
    )
    timings = run(source, output, workers=args.workers)
    for stage, seconds in timings.items():
        print(f"  {stage:<18} {seconds:8.1f} s   {args.n / seconds:>10,.0f} comments/s")
    total = timings["end to end"]
    projected = total * 1_200_000 / args.n
    verdict = "meets" if projected < GOAL_SECONDS else "misses"
    scale = "" if args.n == 1_200_000 else f" (extrapolated linearly from {args.n:,})"
    print(
        f"1,200,000 comments: {projected / 60:.1f} min{scale} with {args.workers} worker processes;"
        f" {verdict} the 10-minute goal"
    )
    if args.keep is None:
        source.unlink()
        output.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()

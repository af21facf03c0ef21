"""A national-size FFT import through the site's own path, timed by stage.

    .venv/bin/python benchmarks/big_import.py [--rows 1200000] [--database sqlite|postgres|both]
        [--postgres-url postgres://postgres@127.0.0.1:5432/coqi_big_import]

Writes an invented CSV of `--rows` responses (default 1.2 M, ~200 MB: three years of a big trust, 40 wards,
comments drawn from realistic phrases with names and phone numbers to redact, some repeated short answers, three
demographic columns), then does what the upload page does for a big file: `queueing.queue_import` (the checks
made while the uploader waits, the job stored) and the django-tasks database worker running `run_import_job`.
Prints the job's stage times (read + check, dedupe, redact + classify, insert, summaries) from the import's own
stage log, rows per second, peak memory of this process, and what a second import of the same file costs (every
row is already there). PostgreSQL uses a database of its own that is dropped and made again; SQLite a file in a
temporary folder. Both are never the shared development database.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# The same batch-mode worker as the small import benchmark beside this script (its folder is on sys.path when run).
from background_import_bench import run_worker

ROOT = Path(__file__).resolve().parents[1]

OPENINGS = [
    "The nurses were kind and",
    "Staff on the ward were",
    "I waited five hours in A&E and",
    "The doctor explained everything, she was",
    "Reception were",
    "My mum was looked after well, the team were",
    "The discharge was slow and nobody was",
    "Parking was impossible and the signs were",
    "Food was cold but the healthcare assistants were",
    "The physio was",
]
MIDDLES = [
    "really caring",
    "rushed off their feet",
    "rude when I asked for help",
    "brilliant with my dad who has dementia",
    "very professional",
    "not listening to what I said about the pain",
    "lovely",
    "clear about what happens next",
]
ENDINGS = [
    "",
    " Thank you to Sarah on ward 7.",
    " Dr Patel was wonderful.",
    " Please call me on 07700 900123 about it.",
    " My NHS number is 943 476 5919 if you need it.",
    " The toilets need cleaning more often.",
    " I would recommend this hospital.",
    " It took three weeks to get a letter.",
]
SHORT = ["Very good", "Good", "Excellent service", "Poor", "No comment", "Everything was fine"]


def invented_file(path: Path, rows: int) -> int:
    """Writes the CSV; returns its size in bytes."""
    rng = random.Random(12)
    first = date(2023, 1, 1)
    services = [f"Ward {n}" for n in range(1, 31)] + ["A&E", "Maternity", "Outpatients", "Day surgery"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "service", "score", "comment", "age group", "ethnicity", "sex"])
        for i in range(rows):
            if rng.random() < 0.15:
                text = rng.choice(SHORT)
            else:
                text = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)}"
                if rng.random() < 0.5:
                    text += f" and {rng.choice(MIDDLES)} after {rng.randint(1, 14)} hours on {rng.choice(services)}"
                text += f".{rng.choice(ENDINGS)}"
                if rng.random() < 0.3:
                    text += f" {rng.choice(OPENINGS)} {rng.choice(MIDDLES)}, visit {rng.randint(1, 9_999)}."
            writer.writerow(
                [
                    (first + timedelta(days=i * 1095 // rows)).isoformat(),
                    rng.choice(services),
                    rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 6)),
                    text,
                    rng.choice(["16-24", "25-44", "45-64", "65-79", "80+"]),
                    rng.choice(["White", "Asian", "Black", "Mixed", "Other", "Not stated"]),
                    rng.choice(["Female", "Male", "Not stated"]),
                ]
            )
    return path.stat().st_size


class StageLog(logging.Handler):
    """Collects the import's own stage timings (`coqi.experience.services` logs one line per stage)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.stages: list[tuple[str, float]] = []

    def emit(self, record):
        stage = getattr(record, "import_stage", None)
        if stage:
            self.stages.append((stage, record.import_seconds))


def one_database(kind: str, csv_path: Path, size: int, rows: int, postgres_url: str) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="coqi.config.settings.dev", PYTHONPATH=str(ROOT))
    folder = tempfile.mkdtemp(prefix="coqi-big-import-")
    if kind == "postgres":
        name = postgres_url.rsplit("/", 1)[1]
        server = postgres_url.rsplit("/", 1)[0]
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        env["COQI_DATABASE_URL"] = f"{server}/{name}"
    else:
        env["COQI_DATABASE_URL"] = f"sqlite:///{folder}/big.sqlite3"
    try:
        subprocess.run(
            [sys.executable, __file__, "--child", kind, "--csv", str(csv_path), "--rows", str(rows)]
            + ["--size", str(size)],
            env=env,
            check=True,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def child(kind: str, csv_path: Path, rows: int, size: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from coqi.core.models import Organisation, System
    from coqi.experience import queueing, services
    from coqi.experience.models import CommentTheme, FeedbackComment
    from coqi.text.classifier import default_classifier

    log = StageLog()
    logging.getLogger("coqi.experience.services").addHandler(log)
    logging.getLogger("coqi.experience.services").setLevel(logging.INFO)
    organisation = Organisation.objects.create(
        name="Big trust", slug="big-trust", system=System.objects.create(name="Big ICS", slug="big-ics")
    )
    services.save_mapping(actor=None, organisation=organisation, demographic_columns="age group, ethnicity, sex")
    default_classifier()  # loaded once per worker process, not per file

    for attempt in ("first import", "same file again"):
        log.stages.clear()
        started, cpu = time.perf_counter(), os.times()
        content = csv_path.read_bytes()  # what the upload view reads from Django's temporary upload file
        job = queueing.queue_import(actor=None, organisation=organisation, file_name="big.csv", content=content)
        del content
        queued = time.perf_counter()
        run_worker()
        ended = time.perf_counter()
        job.refresh_from_db()
        stored = FeedbackComment.objects.filter(organisation=organisation).count()
        themes = CommentTheme.objects.filter(organisation=organisation).count()
        print(
            f"\n{kind}, {attempt}: {rows:,} rows ({size / 1e6:,.0f} MB CSV) → {job.status}; "
            f"{job.result.comments_added if job.result else 0:,} added, {stored:,} comments and {themes:,} theme rows "
            f"stored; progress {job.percent_done}%"
        )
        print(f"  {'upload checks + job stored':<28} {queued - started:7.1f} s")
        for stage, seconds in log.stages:
            print(f"  {stage:<28} {seconds:7.1f} s")
        print(f"  {'whole job (worker)':<28} {ended - queued:7.1f} s  ({rows / (ended - queued):,.0f} rows/s)")
        print(f"  {'end to end':<28} {ended - started:7.1f} s")
        used = os.times()
        own = used.user + used.system - cpu.user - cpu.system
        pool = used.children_user + used.children_system - cpu.children_user - cpu.children_system
        # On a busy machine the wall-clock figures mostly measure waiting for a core; CPU time does not.
        print(f"  {'CPU time':<28} {own:7.1f} s in the worker, {pool:.1f} s in its redaction processes")
    print(
        f"  peak memory of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB, of its "
        f"redaction workers {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:,.0f} MB; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows these figures)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/coqi_big_import")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.csv), args.rows, args.size)
        return
    folder = Path(tempfile.mkdtemp(prefix="coqi-big-csv-"))
    try:
        started = time.perf_counter()
        csv_path = folder / "big.csv"
        size = invented_file(csv_path, args.rows)
        print(f"wrote {args.rows:,} invented responses ({size / 1e6:,.0f} MB) in {time.perf_counter() - started:.0f} s")
        kinds = ("postgres", "sqlite") if args.database == "both" else (args.database,)
        for kind in kinds:
            one_database(kind, csv_path, size, args.rows, args.postgres_url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

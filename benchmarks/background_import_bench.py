"""Time a background feedback import end to end: queue, the database worker, check, redact, classify, store.

    .venv/bin/python benchmarks/background_import_bench.py [--rows 20000]

Prints the whole job's time and rate, the time of each stage (reading and checking the file; redacting and
classifying; saving), the demographic group comparison over the imported responses, and peak memory.
Uses a throwaway SQLite database in a temporary folder (never the shared one) and invented comments, so the
figures are SQLite's; PostgreSQL saves faster.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def invented_file(rows: int) -> bytes:
    rng = random.Random(1)
    phrases = [
        "The nurses were kind",
        "I waited five hours",
        "Food was cold",
        "Dr Patel explained everything",
        "Call me on 07700 900123",
        "Parking was impossible",
        "Clean ward, lovely staff",
        "Nobody told me about my discharge",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "service", "score", "comment", "age group"])
    for i in range(rows):
        writer.writerow(
            [
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                f"Ward {i % 9}",
                1 + i % 6,
                f"{rng.choice(phrases)} and {rng.choice(phrases).lower()} (visit {i})",
                rng.choice(["18-34", "35-64", "65+"]),
            ]
        )
    return buffer.getvalue().encode()


def run_worker() -> None:
    """The django-tasks database worker in batch mode: every queued task, then stop (as `coqi serve`'s worker
    would, minus the polling)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench-worker",
        excluded_queue_names=[],
    ).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    folder = tempfile.mkdtemp(prefix="coqi-bench-")
    os.environ["COQI_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "coqi.config.settings.dev"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from coqi.core.models import Organisation, System
        from coqi.experience import queueing, selectors, services
        from coqi.text.classifier import default_classifier

        organisation = Organisation.objects.create(
            name="Bench", slug="bench", system=System.objects.create(name="Bench ICS", slug="bench-ics")
        )
        content = invented_file(rows)
        services.save_mapping(actor=None, organisation=organisation, demographic_columns="age group")
        default_classifier()  # loaded once per worker process; not part of the per-file time

        # Stage times from the job's own progress reports: the first comes once the file is read and checked,
        # the last when every new response is redacted and classified; saving is what follows.
        marks: dict[str, float] = {}
        original = services.import_feedback

        def timed_import(**kwargs):
            report = kwargs.pop("progress")

            def progress(done: int, total: int) -> None:
                marks.setdefault("checked", time.perf_counter())
                if done >= total:
                    marks["classified"] = time.perf_counter()
                report(done, total)

            return original(progress=progress, **kwargs)

        services.import_feedback = timed_import
        job = queueing.queue_import(actor=None, organisation=organisation, file_name="bench.csv", content=content)
        started = time.perf_counter()
        run_worker()
        ended = time.perf_counter()
        services.import_feedback = original
        job.refresh_from_db()
        seconds = ended - started
        rate = rows / seconds
        print(
            f"background import of {rows:,} rows ({len(content) / 1e6:.1f} MB) on SQLite: {job.status},"
            f" {job.result.comments_added:,} stored, {job.result.identifiers_redacted:,} identifiers redacted"
        )
        print(f"  {'whole job':<18} {seconds:6.1f} s  ({rate:,.0f} rows/s)")
        if {"checked", "classified"} <= marks.keys():
            for stage, begin, end in (
                ("read + check", started, marks["checked"]),
                ("redact + classify", marks["checked"], marks["classified"]),
                ("save", marks["classified"], ended),
            ):
                print(f"  {stage:<18} {end - begin:6.1f} s")
        started = time.perf_counter()
        comparison = selectors.group_comparison(organisation=organisation, column="age group")
        print(
            f"group comparison over {rows:,} responses: {time.perf_counter() - started:.2f} s, "
            f"{len(comparison.rows)} groups"
        )
        print(
            f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
            f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other work slows these figures)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

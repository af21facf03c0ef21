"""Time a background feedback import end to end: queue, the database worker, check, redact, classify, store.

    .venv/bin/python tests/experience/bench_background_import.py [--rows 20000]

Uses a throwaway SQLite database in a temporary folder (never the shared one) and invented comments.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    folder = tempfile.mkdtemp(prefix="coqi-bench-")
    os.environ["COQI_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "coqi.config.settings.dev"
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from coqi.core.models import Organisation, System
    from coqi.experience import selectors, services
    from coqi.text.classifier import default_classifier
    from tests.experience.jobs import run_worker

    organisation = Organisation.objects.create(name="Bench", slug="bench",
                                               system=System.objects.create(name="Bench ICS", slug="bench-ics"))
    rng = random.Random(1)
    phrases = ["The nurses were kind", "I waited five hours", "Food was cold", "Dr Patel explained everything",
               "Call me on 07700 900123", "Parking was impossible", "Clean ward, lovely staff",
               "Nobody told me about my discharge"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "service", "score", "comment", "age group"])
    for i in range(rows):
        writer.writerow([f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Ward {i % 9}", 1 + i % 6,
                         f"{rng.choice(phrases)} and {rng.choice(phrases).lower()} (visit {i})",
                         rng.choice(["18-34", "35-64", "65+"])])
    content = buffer.getvalue().encode()
    services.save_mapping(actor=None, organisation=organisation, demographic_columns="age group")
    default_classifier()  # loaded once per worker process; not part of the per-file time
    job = services.queue_import(actor=None, organisation=organisation, file_name="bench.csv", content=content)
    started = time.perf_counter()
    run_worker()
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    print(f"{rows:,} rows ({len(content) / 1e6:.1f} MB): {job.status}, {job.result.comments_added:,} stored, "
          f"{job.result.identifiers_redacted:,} identifiers redacted, {seconds:.1f} s, {rows / seconds:,.0f} rows/s")
    started = time.perf_counter()
    comparison = selectors.group_comparison(organisation=organisation, column="age group")
    print(f"group comparison over {rows:,} responses: {time.perf_counter() - started:.2f} s, "
          f"{len(comparison.rows)} groups")
    import resource

    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

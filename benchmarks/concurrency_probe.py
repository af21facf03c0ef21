"""Many writers at once against a real server: how many answers were 2xx, 4xx and 5xx, and how fast (ADR 0035).

    .venv/bin/python benchmarks/concurrency_probe.py [--clients 20] [--requests 30] [--postgres URL]

Migrates a throwaway SQLite file in a temporary folder (or the EMPTY PostgreSQL database at URL, which it fills),
loads the same project as tests/system/test_concurrent_writers.py, starts gunicorn (2 processes × 10 threads)
over it and has CLIENTS threads send REQUESTS rounds of: plan a PDSA cycle (API); vote (the site's form, two
ballots per person at once); add a measure data point (API); record an activity the partner attended (API; its
payment line is made with it); add the same person to the team (API; one joins, the others get 422); edit the
project from the version just read (API; one wins, the others get 409); claim the same bus fare (API; one wins,
the others get 422). Every phase starts at one barrier. Prints a table per endpoint ("none": no answer within
45 s) beside issue 13's figures from before the fix, the total throughput, and whether the rows add up (PDSA
numbers 1..N, one vote per person per question).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Issue 13's measurements before ADR 0035 (500s out of requests), for the same kind of write.
BEFORE = {
    ("sqlite", "POST pdsa-cycles"): "309/600 API writes",
    ("sqlite", "PUT measure data"): "(in the 309/600)",
    ("sqlite", "PATCH project (same version)"): "(in the 309/600)",
    ("sqlite", "POST claims/expense (same one)"): "(in the 309/600)",
    ("sqlite", "POST activities (partner attends)"): "(in the 309/600)",
    ("sqlite", "POST team (the same person)"): "(in the 309/600)",
    ("sqlite", "POST vote (site form)"): "102/200",
    ("postgresql", "POST pdsa-cycles"): "151/200",
    ("postgresql", "POST vote (site form)"): "13/200",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="rounds: requests per client per endpoint")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database to use instead of SQLite")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="coqi-probe-")
    url = args.postgres or f"sqlite:///{folder}/probe.sqlite3"
    secret_key = secrets.token_urlsafe(50)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "coqi.config.settings.dev",
            "COQI_DEBUG": "0",
            "COQI_DATABASE_URL": url,
            "COQI_SECRET_KEY": secret_key,
            "COQI_BASE_DIR": folder,
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from coqi.core.models import Organisation

    call_command("migrate", verbosity=0)
    if Organisation.objects.filter(slug="concurrency").exists():
        sys.exit("The database already holds the probe's organisation: give an empty database.")

    from tests.system.test_concurrent_writers import Server, phases, seed, send

    world = seed(clients=args.clients)
    vendor = connection.vendor
    connection.close()
    project_path = f"/api/v1/organisations/{world.slug}/projects/{world.project_id}"

    answers: dict[str, list[tuple[int, float]]] = defaultdict(list)
    record = threading.Lock()
    server = Server(database_url=url, secret_key=secret_key)
    try:
        server.wait_ready()

        def read_version():  # run by one thread when all have arrived, so each round's edits race from one read
            import json

            status, body, _ = send(server.url, "GET", project_path, token=world.tokens[0])
            if status == 200:
                world.project_version = json.loads(body)["version"]

        barrier = threading.Barrier(args.clients, action=read_version)

        def client(n: int) -> None:
            for round_ in range(args.requests):
                for phase, call in phases(world, server.url, n, round_):
                    barrier.wait(timeout=120)
                    status, _, seconds = call()
                    with record:
                        answers[phase].append((status, seconds))

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        log = server.stop()

    print(f"\n{vendor}: {args.clients} clients × {args.requests} requests per endpoint, gunicorn 2 × 10 threads\n")
    header = (
        f"{'endpoint':<34}{'requests':>9}{'2xx':>6}{'3xx':>6}{'4xx':>6}{'5xx':>6}{'none':>6}{'p50 ms':>9}{'p95 ms':>9}"
    )
    print(header + "   500s before (issue 13)")
    print("-" * (len(header) + 26))
    total = 0
    for phase, rows in answers.items():
        statuses = Counter(status // 100 for status, _ in rows)
        times = [seconds for _, seconds in rows]
        total += len(rows)
        print(
            f"{phase:<34}{len(rows):>9}{statuses[2]:>6}{statuses[3]:>6}{statuses[4]:>6}{statuses[5]:>6}"
            f"{statuses[0]:>6}{percentile(times, 0.5):>9.0f}{percentile(times, 0.95):>9.0f}"
            f"   {BEFORE.get((vendor, phase), '—')}"
        )
    print(f"\n{total} requests in {elapsed:.1f} s: {total / elapsed:.0f} requests a second")
    print(f"median of all answers {statistics.median(s for r in answers.values() for _, s in r) * 1000:.0f} ms")

    from coqi.improvement.models import PdsaCycle
    from coqi.projects.models import Vote

    numbers = sorted(PdsaCycle.objects.filter(project_id=world.project_id).values_list("number", flat=True))
    planned = sum(1 for status, _ in answers["POST pdsa-cycles"] if status == 201)
    print(f"PDSA numbers 1..{planned} each once: {numbers == list(range(1, planned + 1))}")
    votes = Vote.objects.filter(prioritisation_id=world.prioritisation_id)
    people = votes.values("voter").distinct().count()
    print(f"one vote per person per question: {votes.count() == people * len(world.question_ids)}")
    if any(status >= 500 or status == 0 for rows in answers.values() for status, _ in rows):
        print("\nserver log (last 3,000 characters):\n" + log[-3000:])


if __name__ == "__main__":
    main()

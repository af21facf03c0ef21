"""The schema fuzz of ADR 0037, deeper than CI runs it: every API operation, N generated requests each.

    .venv/bin/python benchmarks/api_fuzz.py [--examples 200] [--postgres URL]

Runs tests/api/test_schema_fuzz.py with COQI_API_FUZZ_EXAMPLES=N on two workers (on SQLite, or on the PostgreSQL
database at URL, which pytest-django creates and drops as `test_<name>`) and prints, beside issue 13's figures from
before the fix, how many operations kept their contract, how many requests were sent and how long it took.
Each failure is printed by pytest with a curl command that reproduces it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Issue 13, before ADR 0037: schemathesis over the whole document, 8,463 cases.
BEFORE = (
    "126 undocumented status codes, 7 responses off their schema, 6 operations refusing allowed data, 4 causes of 500"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="generated requests per operation (CI: 30)")
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL, e.g. postgres://postgres@127.0.0.1/x")
    arguments = parser.parse_args()
    environment = dict(os.environ, COQI_API_FUZZ_EXAMPLES=str(arguments.examples))
    if arguments.postgres:
        environment.update(COQI_TEST_POSTGRES="1", COQI_TEST_DATABASE_URL=arguments.postgres)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-n",
        "2",
        "-p",
        "no:cacheprovider",
        "tests/api/test_schema_fuzz.py",
    ]
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    summary = finished.stdout.strip().splitlines()[-1] if finished.stdout.strip() else finished.stderr[-500:]
    passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", summary)) else 0
    failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", summary)) else 0
    if failed:
        print(finished.stdout[-20000:])
    database = "PostgreSQL" if arguments.postgres else "SQLite"
    print(f"before (issue 13, 8,463 requests): {BEFORE}")
    # Each operation runs once as an owner (N requests) and once as a partner (2N/5): pytest counts both.
    requests = (arguments.examples + max(1, arguments.examples * 2 // 5)) * (passed + failed) // 2
    print(f"now, on {database}: {passed} of {passed + failed} operation × token runs kept their contract")
    per = f"{arguments.examples} per operation as owner"
    print(f"  over up to {requests:,} requests ({per}) in {seconds:.0f} s on 2 workers")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())

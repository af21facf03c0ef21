"""benchmarks/national_data.py and national_scale.py run end to end on a tiny national data set.

Not timings (those are the benchmark's to print): that the builder builds, that the scale script serves every page
through gunicorn with production settings, signs in, counts queries and prints a row for each with no 5xx answer
and no exception, that a second run reuses the build, and that the import mode uploads through the site. On SQLite
in a temporary folder, or in a throwaway PostgreSQL database of its own when COQI_TEST_POSTGRES=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "national_scale.py"
sys.path.insert(0, str(REPO / "benchmarks"))

import national_scale  # noqa: E402


@pytest.fixture
def database_url(tmp_path):
    if not os.environ.get("COQI_TEST_POSTGRES"):
        yield f"sqlite:///{tmp_path}/national.sqlite3"
        return
    # A database of its own beside the test database (named after it, so two checkouts do not meet), emptied by
    # the builder's --rebuild before and after: no DROP DATABASE, which waits on every backend of the server.
    base = os.environ.get("COQI_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coqi")
    prefix, _, name = base.rpartition("/")
    url = f"{prefix}/{name.split('?')[0]}_national"
    yield url
    sys.path.insert(0, str(REPO / "benchmarks"))
    import national_data

    national_data.drop_database(url)


def run(*arguments: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "COQI_"))}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True, env=env, cwd=REPO, timeout=600
    )


def test_builds_serves_and_prints_every_page(database_url):
    done = run("--database-url", database_url, "--rebuild", "--scale", "0.001", "--quick", "--users", "2")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "Traceback" not in output, output[-4000:]
    assert "5xx answers: 0" in done.stdout
    table = done.stdout.split("5xx answers:")[0]
    for page in national_scale.PAGES:
        rows = [line for line in table.splitlines() if line.startswith(page.name + " ")]
        assert len(rows) == 1, f"no row for {page.name}"
        # Two trusts side by side, each with its four figures, and the ratio: every cell filled.
        cells = rows[0].split("|")
        assert len(cells) == 4 and all(cell.split() for cell in cells[1:3]), rows[0]
        assert "answers 5" not in rows[0] and "answers 4" not in rows[0], rows[0]
    assert "Before (issue 12" in done.stdout

    # Again, importing a small file through the upload page: the build is reused, not made twice.
    again = run("--database-url", database_url, "--scale", "0.001", "--import-rows", "40")
    output = again.stdout + again.stderr
    assert again.returncode == 0, output[-4000:]
    assert "Reusing the national data set" in again.stdout
    assert "import of 40 rows" in again.stdout and "40 stored" in again.stdout, again.stdout[-2000:]

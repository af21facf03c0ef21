"""Two real `coqi worker` processes on one database never run one job twice (issue 14).

The workers are django-tasks-db's loop (coqi/ops/management/commands/coqi_worker.py). It claims a job inside a
transaction with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, and on SQLite inside an EXCLUSIVE transaction
(SQLite has no row locks: the whole file is locked while one worker claims). Both are run here for real, with the
production settings, on a database of the test's own: a SQLite file, or with COQI_TEST_POSTGRES=1 a throwaway
PostgreSQL database (CI runs the suite both ways). The workers are started and seen alive (their heartbeats)
before the jobs are queued, so both are looking for work when the 50 jobs appear."""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.test_entrypoint import database_url  # noqa: F401  the fixture: SQLite file or a new PG database

REPO = Path(__file__).resolve().parents[2]
JOBS = 50


def _environment(url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coqi.config.settings.production",
        "COQI_DATABASE_URL": url,
        "COQI_SECRET_KEY": secrets.token_urlsafe(50),
        "COQI_ALLOWED_HOSTS": "127.0.0.1",
        "COQI_LOG_LEVEL": "WARNING",
        "COQI_WORKER_HEARTBEAT_SECONDS": "1",
        "COQI_HEALTH_WORKER_SECONDS": "10",
        "PYTHONPATH": str(REPO),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "coqi.cli", "manage", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as connection:
            return connection.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _wait_for(predicate, timeout: float, what: str, workers) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"a worker stopped early: {worker.stderr.read().decode()[-2000:]}")
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout:.0f} s")


def test_two_worker_processes_run_each_of_50_jobs_exactly_once(database_url, tmp_path):  # noqa: F811
    env = _environment(database_url)
    _manage(env, "migrate", "django_tasks_database", "--verbosity=0")
    _manage(env, "migrate", "ops", "--verbosity=0")
    _query(database_url, "CREATE TABLE test_job_runs (number integer NOT NULL, pid integer NOT NULL)")
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "coqi.cli", "manage", "coqi_worker", "--interval=0.05", f"--worker-id=w{n}"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in (1, 2)
    ]
    try:
        _wait_for(
            lambda: len(_query(database_url, "SELECT worker_id FROM ops_workerheartbeat")) == 2,
            120,
            "both workers did not stamp their heartbeat",
            workers,
        )
        _manage(
            env,
            "shell",
            "-c",
            f"from tests.ops.worker_jobs import record_run\nfor n in range({JOBS}): record_run.enqueue(n)",
        )
        _wait_for(
            lambda: (
                _query(
                    database_url,
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('SUCCESSFUL', 'FAILED')",
                )[0][0]
                == JOBS
            ),  # fmt: skip
            120,
            f"the {JOBS} jobs did not finish",
            workers,
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=30) for worker in workers]
    assert codes == [0, 0]

    runs = _query(database_url, "SELECT number, pid FROM test_job_runs")
    assert sorted(number for number, _ in runs) == list(range(JOBS)), "a job ran twice or never"
    assert len({pid for _, pid in runs}) == 2, "one worker took every job: the test did not race them"
    results = _query(database_url, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert {status for status, _ in results} == {"SUCCESSFUL"}
    # Each job was claimed by one worker (django-tasks-db appends the id of every worker that claims it).
    assert all(len(_ids(worker_ids)) == 1 for _, worker_ids in results)


def _ids(worker_ids) -> list:
    import json

    return worker_ids if isinstance(worker_ids, list) else json.loads(worker_ids)

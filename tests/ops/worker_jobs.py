"""A job for tests/ops/test_two_workers.py, imported by the worker processes (PYTHONPATH is the checkout)."""

import os
import time

from django.db import connection
from django_tasks import task


@task()
def record_run(number: int) -> int:
    # A short pause widens the window in which a second worker could take the same job if claiming were unsafe.
    time.sleep(0.05)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO test_job_runs (number, pid) VALUES (%s, %s)", [number, os.getpid()])
    return number

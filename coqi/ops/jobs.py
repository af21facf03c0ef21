"""One log line when a background job starts and one when it ends, from django-tasks' own signals.

Only the task's name, id, status and duration: a job's arguments and return value may hold what it worked on."""

from __future__ import annotations

import logging

from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started

logger = logging.getLogger("coqi.jobs")


def _name(task_result) -> str:
    return getattr(task_result.task, "module_path", None) or getattr(task_result.task, "name", "?")


@receiver(task_started, dispatch_uid="coqi.ops.jobs.started")
def job_started(sender, task_result, **kwargs) -> None:
    logger.info(
        "job %s started: %s",
        task_result.id,
        _name(task_result),
        extra={"event": "job", "phase": "start", "job_id": str(task_result.id), "task": _name(task_result)},
    )


@receiver(task_finished, dispatch_uid="coqi.ops.jobs.finished")
def job_finished(sender, task_result, **kwargs) -> None:
    status = str(getattr(task_result.status, "value", task_result.status))
    duration_ms = None
    if task_result.started_at and task_result.finished_at:
        duration_ms = round((task_result.finished_at - task_result.started_at).total_seconds() * 1000, 1)
    logger.log(
        logging.INFO if status == "SUCCESSFUL" else logging.WARNING,
        "job %s %s in %s ms: %s",
        task_result.id,
        status.lower(),
        duration_ms,
        _name(task_result),
        extra={
            "event": "job",
            "phase": "end",
            "job_id": str(task_result.id),
            "task": _name(task_result),
            "status": status,
            "duration_ms": duration_ms,
        },
    )

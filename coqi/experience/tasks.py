"""Background work for experience of care, run by the django-tasks database worker (`coqi serve` starts one)."""

from django_tasks import task

from coqi.experience import corrections, services


@task()
def import_feedback_file(job_id: int) -> str:
    # A worker that starts again after dying mid-import finds that job still "running": end it (and any other
    # stalled one) as failed before taking new work, so nobody waits on an import that will never finish.
    services.fail_stalled_imports()
    job = services.run_import_job(job_id=job_id)
    return job.status if job else "already started"


@task()
def train_text_model(model_id: int) -> str:
    version = corrections.run_training(model_id=model_id)
    return version.status if version else "already started"

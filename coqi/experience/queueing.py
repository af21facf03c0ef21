"""Services that hand work to the background worker: the job is recorded (and audited) here, then queued.

They are kept apart from `services.py` because the tasks they queue call `services.py`: with both in one module,
the services and the task module would import each other. Now the order is one way: queueing → tasks → services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from coqi.core import audit, tabular
from coqi.core.tabular import DataRejected, Problem
from coqi.experience.importing import XLSX_MAX_ROWS
from coqi.experience.models import ImportJob, OrganisationTextModel
from coqi.experience.tasks import import_feedback_file, train_text_model
from coqi.files import reading


def _refuse_unreadable(*, file_name: str, content: bytes) -> None:
    """The checks that need no parsing, made while the uploader is still on the page: a zip bomb, a damaged
    workbook, a CSV that is not text or holds a control character would otherwise wait for the worker and then
    fail on the job page. The worker still reads and checks every cell, with rows and columns."""
    if not content:
        raise DataRejected([Problem(None, None, "The file is empty")])
    lower = (file_name or "").lower()
    if lower.endswith(".xlsx"):
        try:
            # The bounds the reader will use (coqi.core.tabular.read_table), so a file passing here passes there.
            reading.check_xlsx(
                content, max_uncompressed=tabular.MAX_UNPACKED_BYTES, max_cells=max(1_000_000, XLSX_MAX_ROWS * 100)
            )
        except reading.FileRefused as error:
            raise DataRejected([Problem(error.row, error.column, error.message)]) from None
    elif lower.endswith((".csv", ".txt")):
        try:
            reading.check_text(content)  # a piece at a time: a 250 MB upload is not copied as text here
        except reading.FileRefused as error:
            raise DataRejected([Problem(None, None, error.message)]) from None
    else:
        raise DataRejected([Problem(None, None, "Upload a CSV file (.csv) or an Excel workbook (.xlsx)")])


@transaction.atomic
def queue_import(*, actor, organisation, file_name: str, content: bytes) -> ImportJob:
    """Keep the file on a job and queue it for the background worker (see `run_import_job`), once it has passed
    the checks that need no parsing."""
    _refuse_unreadable(file_name=file_name, content=content)
    job = ImportJob.objects.create(
        organisation=organisation,
        file_name=(file_name or "upload")[:255],
        content=content,
        stage="Waiting for the background worker",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    result = import_feedback_file.enqueue(job.pk)
    job.task_id = str(result.id)[:64]
    job.save(update_fields=["task_id"])
    audit.record(
        actor=actor,
        organisation=organisation,
        action="feedback.import_queued",
        target=job,
        changes={"file": job.file_name, "bytes": len(content)},
    )
    return job


@transaction.atomic
def queue_training(*, actor, organisation) -> OrganisationTextModel:
    """Queue training a model on the organisation's corrected comments (see `corrections.run_training`)."""
    from coqi.experience import retraining  # numpy and joblib load only when someone trains a model

    labelled = organisation.feedback_comments.filter(labelled_at__isnull=False).count()
    if labelled < retraining.MIN_LABELLED:
        raise ValidationError(f"Correct at least {retraining.MIN_LABELLED} comments first ({labelled} so far)")
    if organisation.text_models.filter(status__in=["queued", "running"]).exists():
        raise ValidationError("A model is already being trained; wait for it to finish")
    version = OrganisationTextModel.objects.create(
        organisation=organisation,
        labelled_rows=labelled,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.task_id = str(train_text_model.enqueue(version.pk).id)[:64]
    version.save(update_fields=["task_id"])
    audit.record(
        actor=actor,
        organisation=organisation,
        action="text_model.queued",
        target=version,
        changes={"labelled comments": labelled},
    )
    return version

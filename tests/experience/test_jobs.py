"""Background imports: queued on the database backend, run by its worker, progress committed as it goes,
a file with problems rejected whole, a crash still ends the job, and the job page for the uploader."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from coqi.experience import queueing, services
from coqi.experience.models import FeedbackComment, ImportJob
from tests.experience.jobs import run_worker
from tests.experience.samples import CSV, sample_job

pytestmark = pytest.mark.django_db

BAD = "date,service,score,comment\n2025-01-01,Ward 7,1,Good\n2025-01-02,,9,Poor\n"


def _job_url(trio, job):
    return reverse("experience:import-job", kwargs={"org_slug": trio.organisation.slug, "job_id": job.pk})


def test_a_big_upload_becomes_a_job_that_the_worker_imports(trio, client_for, monkeypatch):
    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 10)
    client = client_for(trio.member)
    url = reverse("experience:import", kwargs={"org_slug": trio.organisation.slug})
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", CSV.encode())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(trio, job)
    assert job.status == ImportJob.Status.QUEUED and FeedbackComment.objects.count() == 0
    assert DBTaskResult.objects.filter(task_path="coqi.experience.tasks.import_feedback_file").count() == 1
    waiting = client.get(_job_url(trio, job)).content.decode()
    assert "Waiting to start" in waiting and 'hx-trigger="every 2s"' in waiting and 'aria-live="polite"' in waiting

    assert run_worker() == 1

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.result.comments_added == 3
    assert job.content is None  # the unredacted upload is not kept
    assert FeedbackComment.objects.filter(organisation=trio.organisation).count() == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = client.get(_job_url(trio, job)).content.decode()
    assert "3 new responses imported" in page and "hx-trigger" not in page


def test_progress_is_committed_while_the_job_runs(trio, monkeypatch):
    job = sample_job(trio)
    monkeypatch.setattr(services, "CHUNK", 1)
    from coqi.text.classifier import Classifier

    seen = []
    original = Classifier.predict_frame

    def watching(self, texts, **kwargs):
        row = ImportJob.objects.values("status", "rows_done", "rows_total").get(pk=job.pk)
        seen.append((row["status"], row["rows_done"], row["rows_total"]))
        return original(self, texts, **kwargs)

    monkeypatch.setattr(Classifier, "predict_frame", watching)
    run_worker()
    assert seen == [("running", 0, 3), ("running", 1, 3), ("running", 2, 3)]
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.percent_done) == (3, 3, 100)


def test_the_fragment_keeps_polling_until_the_job_ends(trio, client_for):
    job = sample_job(trio)
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_done=1, rows_total=3, stage="Redacting")
    client = client_for(trio.member)
    fragment = client.get(_job_url(trio, job), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment  # only the part htmx swaps in
    assert 'hx-trigger="every 2s"' in fragment and 'value="1"' in fragment and "1 of 3" in fragment
    # news for screen readers only when the milestone changed since the last poll
    assert 'id="job-announce" hx-swap-oob="innerHTML">Importing: redacting, 33% done.' in fragment
    milestone = "running.Redacting.1"
    assert f"seen={milestone}" in fragment
    same = client.get(_job_url(trio, job), {"seen": milestone}, HTTP_HX_REQUEST="true").content.decode()
    assert "job-announce" not in same and "1 of 3" in same


def test_a_file_with_problems_is_rejected_whole_with_rows_and_columns(trio, client_for):
    job = queueing.queue_import(
        actor=trio.member, organisation=trio.organisation, file_name="bad.csv", content=BAD.encode()
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED and job.content is None
    assert FeedbackComment.objects.count() == 0
    assert any("Row 3, column “score”" in p for p in job.problems)
    assert any("Row 3, column “service”" in p for p in job.problems)
    page = client_for(trio.member).get(_job_url(trio, job)).content.decode()
    assert "Nothing was imported" in page and "Row 3, column “score”" in page


def test_a_crash_ends_the_job_as_failed_and_saves_nothing(trio, monkeypatch):
    job = sample_job(trio)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("coqi.text.classifier.Classifier.predict_frame", broken)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "nothing was imported" in job.error
    assert "disk full" not in job.error and FeedbackComment.objects.count() == 0


def test_a_job_runs_once_even_if_delivered_twice(trio):
    job = sample_job(trio)
    run_worker()
    assert services.run_import_job(job_id=job.pk) is None
    assert FeedbackComment.objects.count() == 3


def test_jobs_are_the_organisations_own(trio, client_for):
    job = sample_job(trio)
    assert client_for(trio.outsider).get(_job_url(trio, job)).status_code == 404
    assert client_for(trio.partner).get(_job_url(trio, job)).status_code == 403


# --- a job whose worker died --------------------------------------------------------------------------------------


def _running(job, *, minutes_since_progress, started_minutes_ago=None, progress=True):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    started = now - timedelta(minutes=started_minutes_ago or minutes_since_progress)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        stage="Redacting and classifying",
        rows_done=2_000,
        rows_total=9_000,
        started_at=started,
        progress_at=now - timedelta(minutes=minutes_since_progress) if progress else None,
    )


def test_a_job_with_no_progress_for_ten_minutes_shows_as_failed_on_its_page(trio, client_for):
    from coqi.core.models import AuditEvent

    job = sample_job(trio)
    _running(job, minutes_since_progress=11, started_minutes_ago=30)
    page = client_for(trio.member).get(_job_url(trio, job)).content.decode()
    assert "Not imported: something went wrong" in page
    assert "The import stopped before it finished, so nothing was saved. Upload the file again." in page
    assert "hx-trigger" not in page  # the page stops polling
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.content is None  # the unredacted upload goes, as for any other ending
    assert AuditEvent.objects.filter(action="feedback.import_stalled", organisation=trio.organisation).count() == 1
    client_for(trio.member).get(_job_url(trio, job))
    assert AuditEvent.objects.filter(action="feedback.import_stalled").count() == 1  # ended once


def test_a_slow_job_that_is_still_moving_keeps_importing(trio, client_for):
    job = sample_job(trio)
    # started long ago, but the last chunk finished 9 minutes ago: not stopped yet
    _running(job, minutes_since_progress=9, started_minutes_ago=45)
    fragment = client_for(trio.member).get(_job_url(trio, job), HTTP_HX_REQUEST="true").content.decode()
    assert "Importing" in fragment and 'hx-trigger="every 2s"' in fragment
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and job.content is not None


def test_the_time_without_progress_is_a_setting(trio, settings):
    job = sample_job(trio)
    _running(job, minutes_since_progress=3)
    assert services.fail_stalled_imports() == 0
    settings.FEEDBACK_IMPORT_STALL_MINUTES = 2
    assert services.fail_stalled_imports() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_job_that_never_reported_progress_counts_from_its_start(trio):
    job = sample_job(trio)
    _running(job, minutes_since_progress=0, started_minutes_ago=12, progress=False)
    assert services.fail_stalled_imports() == 1


def test_the_worker_ends_a_stalled_job_before_taking_new_work(trio):
    stuck = sample_job(trio)
    # The worker died mid-import: the job says running, its task will never be run again.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=stuck.task_id).update(status="RUNNING")
    _running(stuck, minutes_since_progress=15)
    fresh = queueing.queue_import(
        actor=trio.owner, organisation=trio.organisation, file_name="again.csv", content=CSV.encode()
    )
    assert run_worker() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ImportJob.Status.FAILED and "Upload the file again" in stuck.error
    assert fresh.status == ImportJob.Status.SUCCEEDED and fresh.result.comments_added == 3


def test_the_import_page_does_not_list_a_stalled_job_as_in_progress(trio, client_for):
    job = sample_job(trio)
    _running(job, minutes_since_progress=20)
    url = reverse("experience:import", kwargs={"org_slug": trio.organisation.slug})
    client_for(trio.member).get(url)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_page_read_ends_only_its_own_organisations_stalled_jobs(trio, client_for):
    from coqi.core.models import Organisation

    job = sample_job(trio)
    elsewhere = ImportJob.objects.create(
        organisation=Organisation.objects.create(name="Elsewhere", slug="elsewhere", system=trio.organisation.system),
        file_name="x.csv",
        content=b"x",
    )
    _running(job, minutes_since_progress=20)
    _running(elsewhere, minutes_since_progress=20)
    client_for(trio.member).get(_job_url(trio, job))
    elsewhere.refresh_from_db()
    assert elsewhere.status == ImportJob.Status.RUNNING  # its own page or the worker will end it

"""Big imports (ADR 0044): the size and row limits with their refusals, a 20,000-row file through the worker (the
pool of processes, COPY or executemany, theme rows made by the database), dedupe on re-import, progress through
every stage to 100 %, and nothing half-saved when a late row is bad or the last step inside the transaction
fails."""

import csv
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import reverse

from coqi.core.models import AuditEvent
from coqi.core.tabular import DataRejected
from coqi.experience import importing, queueing, services
from coqi.experience.models import CommentTheme, FeedbackComment, FeedbackImport, ImportJob
from coqi.files import reading
from tests.experience.jobs import run_worker
from tests.experience.samples import CSV

pytestmark = pytest.mark.django_db

PHRASES = [
    "The nurses were kind and explained everything",
    "I waited five hours and nobody told me why",
    "Dr Patel was rude when I asked about my pain",
    "Clean ward, lovely midwives",
    "Call me on 07700 900123 about the parking",
    "Food was cold",
]


def invented(rows: int, *, bad_row: int | None = None) -> bytes:
    """`rows` responses; `bad_row` (a spreadsheet row number) gets a score outside the FFT scale."""
    rng = random.Random(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "service", "score", "comment", "age group"])
    for number in range(2, rows + 2):
        score = 9 if number == bad_row else rng.randint(1, 6)
        text = "Very good" if number % 7 == 0 else f"{rng.choice(PHRASES)} (visit {number})"
        writer.writerow([f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}", f"Ward {number % 9}", score, text, "65+"])
    return out.getvalue().encode()


# --- limits ------------------------------------------------------------------------------------------------------


def test_the_size_limit_takes_a_file_of_exactly_the_limit_and_refuses_one_byte_more(monkeypatch):
    assert importing.MAX_FILE_BYTES == 300 * reading.MB and importing.MAX_ROWS == 1_500_000
    assert importing.too_big(importing.MAX_FILE_BYTES) is None
    message = importing.too_big(importing.MAX_FILE_BYTES + 1)
    assert message == (
        "The file is too big to import (300 MB; the most is 300 MB, about 1,500,000 responses). "
        "Split it into smaller files"
    )


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", len(CSV.encode()))
    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 10)  # so an accepted file becomes a job


def test_the_import_page_refuses_a_file_over_the_limit_by_name(trio, client_for, small_limit):
    client = client_for(trio.member)
    url = reverse("experience:import", kwargs={"org_slug": trio.organisation.slug})
    refused = client.post(url, {"file": SimpleUploadedFile("big.csv", (CSV + " ").encode())})
    assert refused.status_code == 400 and "The file is too big to import" in refused.content.decode()
    assert not ImportJob.objects.exists()
    accepted = client.post(url, {"file": SimpleUploadedFile("big.csv", CSV.encode())})
    assert accepted.status_code == 302 and ImportJob.objects.count() == 1


def test_the_import_page_says_how_big_a_file_can_be_and_that_big_ones_should_be_csv(trio, client_for):
    page = client_for(trio.member).get(reverse("experience:import", kwargs={"org_slug": trio.organisation.slug}))
    text = page.content.decode()
    assert "up to 300 MB (1,500,000 responses)" in text and "Save big files as CSV" in text


def test_the_api_refuses_a_file_over_the_limit_by_name(client, trio, bearer, small_limit):
    url = f"/api/v1/organisations/{trio.organisation.slug}/feedback/imports"
    refused = client.post(url, {"file": SimpleUploadedFile("big.csv", (CSV + " ").encode())}, **bearer(trio.member))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"].startswith("The file is too big to import")
    accepted = client.post(url, {"file": SimpleUploadedFile("big.csv", CSV.encode())}, **bearer(trio.member))
    assert accepted.status_code == 202


def test_the_row_limit_takes_exactly_the_limit_and_refuses_one_row_more(trio, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    record = services.import_feedback(
        actor=trio.owner, organisation=trio.organisation, file_name="three.csv", content=CSV.encode()
    )
    assert record.comments_added == 3
    four = CSV + "2025-02-04,Ward 7,1,What was good?,Kind.\n"
    with pytest.raises(DataRejected) as refused:
        services.import_feedback(
            actor=trio.owner, organisation=trio.organisation, file_name="four.csv", content=four.encode()
        )
    assert refused.value.messages == ["The file has more than 3 responses; split it up"]


def test_a_workbook_keeps_its_smaller_row_limit_and_is_told_to_be_csv(trio, monkeypatch):
    from openpyxl import Workbook

    monkeypatch.setattr(importing, "XLSX_MAX_ROWS", 2)
    book = Workbook()
    for line in CSV.strip().splitlines():
        book.active.append(line.split(","))
    content = io.BytesIO()
    book.save(content)
    with pytest.raises(DataRejected) as refused:
        services.import_feedback(
            actor=trio.owner, organisation=trio.organisation, file_name="fft.xlsx", content=content.getvalue()
        )
    assert refused.value.messages == ["The file has more than 2 responses; save a bigger file as CSV; split it up"]


def test_the_upload_check_reads_a_piece_at_a_time_and_names_the_line(trio):
    lines = CSV + "".join(f"2025-03-{1 + n % 28:02d},Ward 7,1,Q,Kind staff {n}\n" for n in range(200))
    assert reading.check_text(lines.encode(), piece=64) is None
    broken = lines.replace("Kind staff 150", "Kind\x07staff 150")
    with pytest.raises(reading.FileRefused) as refused:
        reading.check_text(broken.encode(), piece=64)  # the character is many pieces in
    assert refused.value.message.startswith("Line 155 of the file holds an invisible control character (U+0007)")
    # Excel's plain "CSV": not UTF-8 (here a byte split across pieces would be), so read again as Windows-1252
    assert reading.check_text(lines.replace("Kind staff 99", "Café staff").encode("cp1252"), piece=64) is None
    with pytest.raises(reading.FileRefused) as unreadable:
        reading.check_text(b"\xef\xbb\xbf" + lines.encode() + b"\xff\xfe", piece=64)  # says UTF-8, is not
    assert unreadable.value.message == reading.UNREADABLE and unreadable.value.row == 205


# --- a big file through the worker --------------------------------------------------------------------------------

ROWS = 20_000


def test_twenty_thousand_rows_import_through_the_worker_and_again_add_nothing(trio, monkeypatch):
    monkeypatch.setattr(services, "PARALLEL_FROM", 5_000)  # the pool of processes runs, as for a real big file
    services.save_mapping(actor=trio.owner, organisation=trio.organisation, demographic_columns="age group")
    content = invented(ROWS)
    job = queueing.queue_import(actor=trio.member, organisation=trio.organisation, file_name="big.csv", content=content)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.content is None
    assert (job.rows_done, job.rows_total, job.percent_done) == (ROWS, ROWS, 100)
    record = job.result
    assert (record.rows_read, record.comments_added, record.duplicates_skipped) == (ROWS, ROWS, 0)
    comments = FeedbackComment.objects.filter(organisation=trio.organisation)
    assert comments.count() == ROWS and comments.filter(feedback_import=record).count() == ROWS
    # one theme row per theme of each comment, made by the database from the comment's themes
    themes = CommentTheme.objects.filter(organisation=trio.organisation)
    assert themes.count() == sum(len(t) for t in comments.values_list("themes", flat=True)) > ROWS
    per_comment = dict(themes.values("comment_id").annotate(n=Count("id")).values_list("comment_id", "n"))
    assert all(per_comment.get(pk, 0) == len(t) for pk, t in comments.values_list("pk", "themes"))
    assert "900123" not in " ".join(comments.values_list("text", flat=True))  # redacted in the children
    assert comments.filter(redactions__gt=0).count() == record.identifiers_redacted > 0
    assert comments.filter(demographics={"age group": "65+"}).count() == ROWS
    assert AuditEvent.objects.filter(action="feedback.imported").count() == 1

    again = queueing.queue_import(
        actor=trio.member, organisation=trio.organisation, file_name="big.csv", content=content
    )
    run_worker()
    again.refresh_from_db()
    assert (again.result.comments_added, again.result.duplicates_skipped, again.percent_done) == (0, ROWS, 100)
    assert comments.count() == ROWS and themes.count() == sum(per_comment.values())


def test_the_pool_stores_what_one_process_stores(trio, monkeypatch):
    content = invented(3_000)
    monkeypatch.setattr(services, "PARALLEL_FROM", 10**9)
    services.import_feedback(actor=None, organisation=trio.organisation, file_name="one.csv", content=content)
    alone = list(
        FeedbackComment.objects.order_by("fingerprint").values_list("fingerprint", "text", "themes", "sentiment")
    )
    FeedbackComment.objects.all().delete()
    monkeypatch.setattr(services, "PARALLEL_FROM", 1_000)
    monkeypatch.setattr(services, "CHUNK", 500)
    services.import_feedback(actor=None, organisation=trio.organisation, file_name="two.csv", content=content)
    pooled = list(
        FeedbackComment.objects.order_by("fingerprint").values_list("fingerprint", "text", "themes", "sentiment")
    )
    assert pooled == alone and len(alone) == 3_000


def test_progress_goes_through_every_stage_and_ends_at_the_total(trio, monkeypatch):
    monkeypatch.setattr(services, "INSERT_BATCH", 1_000)
    reports = []
    services.import_feedback(
        actor=None,
        organisation=trio.organisation,
        file_name="big.csv",
        content=invented(5_000),
        progress=lambda stage, done, total: reports.append((stage, done, total)),
    )
    stages = list(dict.fromkeys(stage for stage, _, _ in reports))
    assert stages == [
        "Checking the file",
        "Looking for responses already here",
        "Redacting and classifying",
        "Saving the comments",
        "Saving the themes",
        "Updating the summaries",
        "Committing",
    ]
    for stage in ("Redacting and classifying", "Saving the comments"):
        done = [d for s, d, t in reports if s == stage]
        assert done == sorted(done) and done[0] == 0 and done[-1] == 5_000 and len(done) > 3


def test_a_bad_row_near_the_end_rejects_the_whole_file_and_saves_nothing(trio):
    job = queueing.queue_import(
        actor=trio.member, organisation=trio.organisation, file_name="big.csv", content=invented(ROWS, bad_row=ROWS)
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED and job.content is None
    assert job.problems == [f"Row {ROWS}, column “score”: 9 is outside the FFT scale; use a whole number from 1 to 6"]
    assert not FeedbackComment.objects.exists() and not FeedbackImport.objects.exists()
    assert not CommentTheme.objects.exists()


def test_a_failure_after_the_inserts_leaves_nothing_half_saved(trio, monkeypatch):
    """The last step inside the transaction (where the summaries are brought up to date) fails after every
    comment and theme row went in: all of it is rolled back, and the job says nothing was imported."""

    def summaries_fail(record):
        assert FeedbackComment.objects.filter(feedback_import=record).count() == 5_000  # the inserts were done
        raise RuntimeError("the summaries could not be updated")

    monkeypatch.setattr(services, "_after_insert", summaries_fail)
    job = queueing.queue_import(
        actor=trio.member, organisation=trio.organisation, file_name="big.csv", content=invented(5_000)
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "nothing was imported" in job.error
    assert not FeedbackComment.objects.exists() and not FeedbackImport.objects.exists()
    assert not CommentTheme.objects.exists()
    assert not AuditEvent.objects.filter(action="feedback.imported").exists()


def test_the_queries_of_an_import_do_not_grow_with_its_rows(trio, django_assert_max_num_queries):
    """Dedupe looks up DEDUPE_BATCH fingerprints a query, the comments go in by COPY or by INSERT_BATCH rows, and
    the theme rows in one statement, the summaries one per table: 4,000 rows take the queries of a few."""
    services.import_feedback(actor=None, organisation=trio.organisation, file_name="warm.csv", content=CSV.encode())
    with django_assert_max_num_queries(17):
        services.import_feedback(
            actor=None, organisation=trio.organisation, file_name="big.csv", content=invented(4_000)
        )
    assert FeedbackComment.objects.count() == 4_003

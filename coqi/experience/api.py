"""Experience of care in the JSON API, under /api/v1/organisations/{slug}/feedback/.

Import a file (it always runs in the background: the answer is the job to poll), read a job, list comments with
filters, and count themes. Token auth like every router; another organisation's ids are 404, bad input 422.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from coqi.core.access import api_rule
from coqi.core.api_schemas import Line, Whole, errors
from coqi.core.tabular import DataRejected
from coqi.experience import importing, queueing, selectors
from coqi.experience.models import ImportJob

router = Router(tags=["experience of care"])

CURSOR_PATTERN = r"^[0-9]{1,7}\.[0-9]{1,12}$"  # a page's `next`: its last comment's day number and id


class JobOut(Schema):
    id: int
    file_name: str
    status: str = Field(..., description=f"One of: {', '.join(ImportJob.Status.values)}")
    status_text: str
    stage: str
    rows_done: int
    rows_total: int
    problems: list[str] = Field(..., description="Row/column problems when the file was rejected (nothing saved)")
    error: str
    comments_added: int | None
    duplicates_skipped: int | None
    identifiers_redacted: int | None
    created_at: datetime
    finished_at: datetime | None


class FeedbackCommentOut(Schema):
    id: int
    received_on: date
    service: str
    question: str
    fft_score: int | None
    text: str = Field(..., description="Already redacted of identifiers")
    themes: list[str]
    sentiment: int | None = Field(None, description="1 very positive … 5 very negative; null for non-answers")
    demographics: dict[str, str]


class CommentPageOut(Schema):
    count: int = Field(
        ...,
        description=f"How many comments match, counted up to {selectors.COUNT_LIMIT:,}; "
        f"{selectors.COUNT_LIMIT + 1:,} with count_is_exact false means more than {selectors.COUNT_LIMIT:,}",
    )
    count_is_exact: bool
    next: str | None = Field(
        ..., description="Pass as `older_than` for the next page (older comments); null on the last page"
    )
    results: list[FeedbackCommentOut]


class ThemeCountOut(Schema):
    name: str
    comments: int


class FeedbackFilters(Schema):
    service: Line = ""
    theme: Line = ""
    sentiment: Whole | None = Field(None, ge=1, le=5)
    group: Line = Field("", description="A demographic group as column=value, e.g. 'age group=65+'")
    date_from: date | None = None
    date_to: date | None = None
    q: Line = Field("", max_length=200, description="Words in the comment")

    def to_filters(self) -> selectors.Filters:
        return selectors.Filters(
            service=self.service.strip(),
            theme=self.theme.strip(),
            sentiment=self.sentiment,
            group=self.group.strip(),
            date_from=self.date_from,
            date_to=self.date_to,
            search=self.q.strip(),
        )


def _job_out(job: ImportJob) -> dict:
    result = job.result
    return {
        "id": job.pk,
        "file_name": job.file_name,
        "status": job.status,
        "status_text": job.get_status_display(),
        "stage": job.stage,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "problems": job.problems,
        "error": job.error,
        "comments_added": result.comments_added if result else None,
        "duplicates_skipped": result.duplicates_skipped if result else None,
        "identifiers_redacted": result.identifiers_redacted if result else None,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _comment_out(c) -> dict:
    return {
        "id": c.pk,
        "received_on": c.received_on,
        "service": c.service,
        "question": c.question,
        "fft_score": c.fft_score,
        "text": c.text,
        "themes": c.themes,
        "sentiment": c.sentiment,
        "demographics": {str(k): str(v) for k, v in (c.demographics or {}).items()},
    }


@router.post(
    "/{slug}/feedback/imports",
    response={202: JobOut, **errors(401, 403, 404, 422)},
    summary="Import a CSV or XLSX file of FFT responses in the background; poll the job it returns",
)
@api_rule(do="feedback.import")
def import_feedback(request, slug: str, file: UploadedFile = File(..., description="CSV (UTF-8) or .xlsx")):
    access = request.access
    if message := importing.too_big(file.size):
        return Status(422, {"detail": "Invalid input", "errors": [{"field": "file", "message": message}]})
    try:
        job = queueing.queue_import(
            actor=request.auth, organisation=access.organisation, file_name=file.name or "upload", content=file.read()
        )
    except DataRejected as rejected:
        return Status(
            422, {"detail": "Invalid input", "errors": [{"field": "file", "message": m} for m in rejected.messages]}
        )
    return Status(202, _job_out(job))


@router.get(
    "/{slug}/feedback/imports/{job_id}",
    response={200: JobOut, **errors(401, 404, 422)},
    summary="An import job: its status, progress and result (or the problems that stopped it)",
)
@api_rule(see="experience.view")
def get_import(request, slug: str, job_id: int):
    organisation = request.access.organisation
    return _job_out(selectors.import_job_in(organisation=organisation, job_id=job_id))


@router.get(
    "/{slug}/feedback/comments",
    response={200: CommentPageOut, **errors(401, 404, 422)},
    summary="Comments (redacted), newest first, filtered, in pages that follow `next` (ADR 0042)",
)
@api_rule(see="experience.view")
def list_comments(
    request,
    slug: str,
    filters: Query[FeedbackFilters],
    older_than: str | None = Query(
        None,
        pattern=CURSOR_PATTERN,
        max_length=24,
        description="The `next` of the page before: the comments after it in the newest-first order",
    ),
    page_size: int = Query(50, ge=1, le=200),
):
    organisation = request.access.organisation
    cursor = selectors.Cursor.from_token(older_than) if older_than is not None else None
    page = selectors.comment_page(
        organisation=organisation,
        filters=filters.to_filters(),
        older_than=cursor,
        size=page_size,
    )
    return {
        "count": page.count,
        "count_is_exact": page.count_is_exact,
        "next": page.older.token() if page.older else None,
        "results": [_comment_out(c) for c in page.comments],
    }


@router.get(
    "/{slug}/feedback/themes",
    response={200: list[ThemeCountOut], **errors(401, 404, 422)},
    summary="How many comments carry each theme (with the same filters as comments), most first",
)
@api_rule(see="experience.view")
def theme_counts(request, slug: str, filters: Query[FeedbackFilters]):
    organisation = request.access.organisation
    return [
        {"name": name, "comments": n}
        for name, n in selectors.theme_counts(organisation=organisation, filters=filters.to_filters())
    ]

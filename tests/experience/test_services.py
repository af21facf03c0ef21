"""Import: redacted before storage, themed, deduplicated, and whole-file rejection naming row and column."""

import io

import pytest
from openpyxl import Workbook

from coqi.core.models import AuditEvent
from coqi.core.tabular import DataRejected
from coqi.experience import services
from coqi.experience.models import CommentTheme, FeedbackComment

pytestmark = pytest.mark.django_db

HEADER = "date,service,score,question,comment,age group\n"
PLANTED = (
    "2025-03-04,Ward 7,5,What could be better?,"
    '"Mrs Jane Pemberton-Smythe was rude. My NHS number is 943 476 5919, ring me on 07700 900123.",65+\n'
)
GOOD = "2025-03-05,Ward 7,1,What was good?,Lovely caring staff who explained everything.,18-34\n"


def _import(trio, text, name="fft.csv", **kwargs):
    return services.import_feedback(
        actor=trio.owner,
        organisation=trio.organisation,
        file_name=name,
        content=text.encode() if isinstance(text, str) else text,
        **kwargs,
    )


@pytest.fixture
def mapped(trio):
    services.save_mapping(
        actor=trio.owner, organisation=trio.organisation, question_column="question", demographic_columns="age group"
    )
    return trio


def test_comments_are_redacted_before_they_are_stored(mapped):
    record = _import(mapped, HEADER + PLANTED + GOOD)
    assert record.comments_added == 2 and record.identifiers_redacted >= 3
    stored = " ".join(FeedbackComment.objects.values_list("text", flat=True))
    for secret in ("943 476 5919", "9434765919", "07700 900123", "Pemberton", "Jane"):
        assert secret not in stored
    assert "[NHS_NUMBER]" in stored and "[PHONE]" in stored
    # Nothing else kept the original words either: the audit trail and the fingerprints.
    assert "Pemberton" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_themes_sentiment_and_demographics_are_stored(mapped):
    _import(mapped, HEADER + PLANTED + GOOD)
    good = FeedbackComment.objects.get(fft_score=1)
    assert good.themes and good.sentiment in (1, 2)
    assert good.demographics == {"age group": "18-34"}
    assert good.question == "What was good?"
    assert set(CommentTheme.objects.filter(comment=good).values_list("name", flat=True)) == set(good.themes)


def test_the_same_file_twice_adds_nothing_twice_and_audits_once_per_import(mapped):
    first = _import(mapped, HEADER + PLANTED + GOOD)
    second = _import(mapped, HEADER + GOOD + PLANTED)
    assert (first.comments_added, second.comments_added, second.duplicates_skipped) == (2, 0, 2)
    assert FeedbackComment.objects.count() == 2
    assert AuditEvent.objects.filter(action="feedback.imported").count() == 2


def test_identical_responses_in_one_file_are_both_kept(mapped):
    record = _import(mapped, HEADER + GOOD + GOOD)
    assert record.comments_added == 2
    assert _import(mapped, HEADER + GOOD + GOOD).comments_added == 0


def test_xlsx_works_with_the_saved_mapping(trio):
    services.save_mapping(
        actor=trio.owner,
        organisation=trio.organisation,
        date_column="Date of visit",
        service_column="Ward",
        score_column="FFT",
        question_column="",
        text_column="Why",
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Date of visit", "Ward", "FFT", "Why"])
    from datetime import datetime

    sheet.append([datetime(2025, 4, 1, 10, 30), "Ward 9", 2, "Good food"])
    sheet.append([datetime(2025, 4, 2), "Ward 9", 6, None])
    buffer = io.BytesIO()
    book.save(buffer)
    record = _import(trio, buffer.getvalue(), name="fft.xlsx")
    assert record.comments_added == 2
    assert set(FeedbackComment.objects.values_list("fft_score", flat=True)) == {2, 6}


def _rejected(trio, content, name="fft.csv") -> list[str]:
    with pytest.raises(DataRejected) as caught:
        _import(trio, content, name=name)
    assert FeedbackComment.objects.count() == 0  # nothing half-imported
    return caught.value.messages


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (b"%PDF-1.4 not a table", "report.pdf", "Upload a CSV file (.csv) or an Excel workbook (.xlsx)"),
        (b"PK\x03\x04 broken", "fft.xlsx", "could not be opened as an Excel workbook"),
        (b"date,service,score\n2025-01-01,Ward 7,1\n", "fft.csv", "no column “comment” (the free text)"),
        (
            b"date,service,score,comment\n2025-01-01,Ward 7,1,Caf\xe9 \x81 was nice\n",
            "fft.csv",
            "Row 2: The file is not readable text",
        ),
        (
            b"date,service,score,comment\n2025-01-01,Ward 7,1,Good\n2025-01-02,Ward 7,,\n",
            "fft.csv",
            "Row 3: The row is empty",
        ),
        (
            b"date,service,score,comment\n2025-01-01,Ward 7,1,Good\n31/31/2025,Ward 7,1,Fine\n",
            "fft.csv",
            "Row 3, column “date”: “31/31/2025” is not a date",
        ),
        (
            b"date,service,score,comment\n2025-01-01,Ward 7,7,Good\n",
            "fft.csv",
            "Row 2, column “score”: 7 is outside the FFT scale",
        ),
        (
            b"date,service,score,comment\n2025-01-01,Ward 7,1,Clean ward, lovely staff\n",
            "fft.csv",
            "Row 2: The row has more cells than the header has columns (4). Is there a comma in a cell without quotes",
        ),
        (b"", "fft.csv", "The file is empty"),
        (b"date,service,score,comment\n", "fft.csv", "no responses"),
    ],
)
def test_bad_files_are_rejected_whole_with_row_and_column(trio, content, name, expected):
    messages = _rejected(trio, content, name)
    assert any(expected in message for message in messages), messages


def test_a_file_saved_from_excel_as_plain_csv_is_read_as_cp1252(trio):
    content = "date,service,score,comment\n2025-01-01,Ward 7,1,Café staff were lovely – £2 tea\n".encode("cp1252")
    record = _import(trio, content)
    assert record.comments_added == 1
    assert FeedbackComment.objects.get().text == "Café staff were lovely – £2 tea"


def test_every_problem_is_listed_and_good_rows_are_not_saved(trio):
    content = b"date,service,score,comment\n2025-01-01,Ward 7,1,Good\nnope,,9,Bad\n"
    messages = _rejected(trio, content)
    assert len(messages) == 3
    assert "Row 3, column “service”: Enter the service or ward" in messages


def test_a_100_kb_comment_does_not_crash(trio):
    long_text = ("The staff were kind but the wait was long. " * 2500)[:100_000]
    record = _import(trio, f'date,service,score,comment\n2025-01-01,Ward 7,3,"{long_text}"\n')
    assert record.comments_added == 1
    assert len(FeedbackComment.objects.get().text) >= 90_000


def test_comments_in_other_languages_are_stored(trio):
    text = (
        "date,service,score,comment\n2025-01-01,Ward 7,1,Roedd y staff yn garedig iawn.\n"
        "2025-01-02,Ward 7,2,Personel był bardzo miły.\n2025-01-03,Ward 7,1,护士很好 😊\n"
    )
    assert _import(trio, text).comments_added == 3
    assert FeedbackComment.objects.filter(text__contains="护士").exists()


def test_mapping_needs_the_required_columns(trio):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.save_mapping(actor=trio.owner, organisation=trio.organisation, text_column=" ")


def test_sending_a_comment_to_a_project_adds_what_matters_evidence(trio):
    from tests.experience.samples import sample_comment
    from tests.projects.samples import sample_project

    comment = sample_comment(trio)
    project = sample_project(trio)["project"]
    evidence = services.send_to_project(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        comment=comment,
        theme="Waiting and being told why",
        can_edit=True,
    )
    assert evidence.project == project and evidence.name == "Waiting and being told why"
    assert comment.text[:20] in evidence.source_note
    theme = services.send_to_project(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        theme="Staff manner & personal attributes",
        can_edit=True,
    )
    assert "FFT theme across" in theme.source_note
    assert list(project.feedback_themes.values_list("name", flat=True)) == [
        "Staff manner & personal attributes",
        "Waiting and being told why",
    ]


def test_sending_needs_edit_rights_and_the_same_organisation(trio):
    from django.core.exceptions import PermissionDenied

    from tests.experience.samples import sample_comment
    from tests.projects.samples import sample_project

    comment = sample_comment(trio)
    project = sample_project(trio)["project"]
    with pytest.raises(PermissionDenied):
        services.send_to_project(
            actor=trio.partner, organisation=trio.organisation, project=project, comment=comment, can_edit=False
        )
    with pytest.raises(PermissionDenied):
        services.send_to_project(
            actor=trio.outsider, organisation=trio.other_organisation, project=project, comment=comment, can_edit=True
        )

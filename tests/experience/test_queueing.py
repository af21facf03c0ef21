"""A big upload is checked before it is queued (issue 13): a zip bomb, a damaged workbook, a CSV that is not text
or holds a control character is refused at once with the reason, and no job, task or audit entry is left behind.
The bomb is real: one cell of 5 MB of one letter, which deflate packs about a thousand times."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from coqi.core.models import AuditEvent
from coqi.core.tabular import DataRejected
from coqi.experience import queueing, services
from coqi.experience.models import ImportJob
from tests.experience.samples import CSV

pytestmark = pytest.mark.django_db


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>')
        cell = "A" * (5 * 1024 * 1024)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{cell}</t></is></c></row>'
            "</sheetData></worksheet>",
        )
    return buffer.getvalue()


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    for line in CSV.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REFUSED = {
    "bomb.xlsx": (_bomb(), "would expand"),
    "damaged.xlsx": (b"PK\x03\x04" + b"\x00\x13" * 400, "could not be opened as an Excel workbook"),
    "nul.csv": ((CSV + "2025-02-04,Ward 7,1,Q,Kind\x00staff\n").encode(), "Line 5 of the file holds a NUL character"),
    "bell.csv": (CSV.replace("kind", "kind\x07").encode(), "Line 2 of the file holds an invisible control character"),
    "utf16.csv": (CSV.encode("utf-16-le"), "not a CSV text file"),
    "notes.docx": (b"anything", "Upload a CSV file (.csv) or an Excel workbook (.xlsx)"),
}


def test_the_bomb_is_small_on_the_wire_and_huge_unpacked():
    bomb = _bomb()
    assert len(bomb) < 20_000
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(member.file_size for member in archive.infolist()) > 5 * 1024 * 1024


@pytest.mark.parametrize("name", REFUSED)
def test_a_file_the_worker_could_not_read_is_refused_before_it_is_queued(trio, name):
    content, reason = REFUSED[name]
    with pytest.raises(DataRejected) as refused:
        queueing.queue_import(actor=trio.member, organisation=trio.organisation, file_name=name, content=content)
    assert reason in " ".join(refused.value.messages)
    assert not ImportJob.objects.exists() and not DBTaskResult.objects.exists()
    assert not AuditEvent.objects.filter(action="feedback.import_queued").exists()


@pytest.mark.parametrize(("name", "content"), [("big.csv", CSV.encode()), ("big.xlsx", _workbook())])
def test_a_sound_file_is_still_queued(trio, name, content):
    job = queueing.queue_import(actor=trio.member, organisation=trio.organisation, file_name=name, content=content)
    assert job.status == ImportJob.Status.QUEUED and DBTaskResult.objects.count() == 1


def test_the_bomb_uploaded_through_the_page_is_refused_there_with_its_reason(trio, client_for, monkeypatch):
    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 10)  # any file this size goes to the worker
    client = client_for(trio.member)
    url = reverse("experience:import", kwargs={"org_slug": trio.organisation.slug})
    response = client.post(url, {"file": SimpleUploadedFile("bomb.xlsx", _bomb())})
    assert response.status_code == 400
    assert "would expand" in response.content.decode()
    assert not ImportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_an_empty_post_to_the_import_page_names_the_file_field(trio, client_for):
    response = client_for(trio.member).post(reverse("experience:import", kwargs={"org_slug": trio.organisation.slug}))
    assert response.status_code == 400
    assert 'href="#id_file"' in response.content.decode()

"""Receipt names never come round again: a database restored without its media can never serve another claim's
receipt (ADR 0039). On a real FileSystemStorage in a temporary folder, as a site stores them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from coqi.core.uploads import UniqueUploadPath
from coqi.payments import services
from coqi.payments.models import ExpenseCategory
from tests.payments.helpers import PDF, activity, facilitator_of, rate_card

pytestmark = pytest.mark.django_db

OTHER_PDF = PDF.replace(b"1 0 obj", b"2 0 obj")


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def _claim(trio, forum, category, content):
    return services.submit_expense_claim(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        activity=forum,
        category=category,
        amount="6.40",
        incurred_on=forum.held_on,
        description="Bus",
        receipt=SimpleUploadedFile("receipt.pdf", content),
    )


def test_a_missing_receipt_is_reported_missing_never_replaced_by_a_new_upload(trio, media, client_for):
    forum = activity(trio, hours="2")
    rate_card(trio)
    first = _claim(trio, forum, ExpenseCategory.TRAVEL, PDF)
    assert (media / first.receipt.name).read_bytes() == PDF
    # As after restoring a database without its media: the row still names a file that is not there.
    (media / first.receipt.name).unlink()
    second = _claim(trio, forum, ExpenseCategory.CARE, OTHER_PDF)
    assert second.receipt.name != first.receipt.name
    assert second.receipt.name.startswith("receipts/") and second.receipt.name.endswith(".pdf")
    assert not (media / first.receipt.name).exists()

    approver = client_for(facilitator_of(trio.organisation))
    url = f"/o/{trio.organisation.slug}/payments/expenses/"
    missing = approver.get(f"{url}{first.pk}/receipt/")
    assert missing.status_code == 404
    assert "The receipt is missing" in missing.content.decode()
    assert OTHER_PDF not in missing.content
    served = approver.get(f"{url}{second.pk}/receipt/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == OTHER_PDF


def test_names_are_unguessable_and_keep_only_a_plain_extension():
    path = UniqueUploadPath("receipts")
    names = {path(None, "receipt.pdf") for _ in range(50)}
    assert len(names) == 50
    assert all(len(name.rsplit("/", 1)[-1]) == len("0" * 32 + ".pdf") for name in names)
    assert path(None, "../../etc/passwd").rsplit("/", 1)[-1].count(".") == 0
    assert path(None, "photo.JPEG").endswith(".jpeg")


def test_every_file_field_in_coqi_gets_a_unique_name():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("coqi.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not isinstance(field.upload_to, UniqueUploadPath)
    ]
    assert fields == [], f"Use upload_to=UniqueUploadPath(...) (coqi/core/uploads.py) for: {fields}"

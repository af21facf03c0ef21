"""Pages: who may do what, upload with problems listed, the browser and dashboard, sending, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coqi.experience.models import FeedbackComment
from tests.experience.samples import CSV, sample_comment
from tests.projects.samples import sample_project

pytestmark = pytest.mark.django_db


def _url(trio, name, **kwargs):
    return reverse(f"experience:{name}", kwargs={"org_slug": trio.organisation.slug, **kwargs})


def test_import_page_imports_and_says_how_many(trio, client_for):
    client = client_for(trio.member)
    assert client.get(_url(trio, "import")).status_code == 200
    upload = SimpleUploadedFile("fft.csv", CSV.encode(), content_type="text/csv")
    response = client.post(_url(trio, "import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "3 new responses imported." in response.content.decode()
    again = client.post(_url(trio, "import"), {"file": SimpleUploadedFile("fft.csv", CSV.encode())}, follow=True)
    assert "0 new responses imported. 3 were already here." in again.content.decode()


def test_a_bad_file_lists_its_problems_and_saves_nothing(trio, client_for):
    client = client_for(trio.member)
    bad = b"date,service,score,comment\n2025-01-01,Ward 7,9,Good\n"
    response = client.post(_url(trio, "import"), {"file": SimpleUploadedFile("fft.csv", bad)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page and "Row 2, column “score”" in page
    assert FeedbackComment.objects.count() == 0


def test_partners_read_but_do_not_import(trio, client_for):
    sample_comment(trio)
    client = client_for(trio.partner)
    assert client.get(_url(trio, "dashboard")).status_code == 200
    assert client.get(_url(trio, "comments")).status_code == 200
    assert client.get(_url(trio, "import")).status_code == 403
    assert client.get(_url(trio, "columns")).status_code == 403


def test_column_mapping_is_saved_once_for_the_organisation(trio, client_for):
    client = client_for(trio.owner)
    response = client.post(
        _url(trio, "columns"),
        {
            "date_column": "Date",
            "service_column": "Ward",
            "score_column": "FFT",
            "question_column": "",
            "text_column": "Why",
            "demographic_columns": "Age group",
        },
    )
    assert response.status_code == 302
    assert trio.organisation.feedback_mapping.text_column == "Why"
    assert client.post(_url(trio, "columns"), {"date_column": ""}).status_code == 400


def test_browser_searches_and_filters(trio, client_for):
    sample_comment(trio)
    client = client_for(trio.member)
    page = client.get(_url(trio, "comments"), {"q": "midwives"}).content.decode()
    assert "1 comment match these filters" in page and "lovely midwives" in page
    page = client.get(_url(trio, "comments"), {"service": "Ward 7"}).content.decode()
    assert "2 comments match" in page


def test_dashboard_shows_volume_chart_themes_and_sentiment(trio, client_for):
    sample_comment(trio)
    page = client_for(trio.member).get(_url(trio, "dashboard")).content.decode()
    assert "3 responses from January 2025 to February 2025" in page
    assert "<svg" in page and 'id="theme-table"' in page and 'id="sentiment-table"' in page


def test_sending_a_comment_to_a_project(trio, client_for):
    comment = sample_comment(trio)
    project = sample_project(trio)["project"]
    client = client_for(trio.member)
    response = client.post(
        _url(trio, "comment", comment_id=comment.pk), {"project": project.pk, "theme": "Being told why"}
    )
    assert response.status_code == 302
    assert project.feedback_themes.get().name == "Being told why"
    assert client.post(_url(trio, "comment", comment_id=comment.pk), {"project": ""}).status_code == 400


def test_sending_a_theme_to_a_project(trio, client_for):
    sample_comment(trio)
    project = sample_project(trio)["project"]
    client = client_for(trio.member)
    assert client.get(_url(trio, "send-theme"), {"theme": "Timeliness of care"}).status_code == 200
    response = client.post(_url(trio, "send-theme"), {"project": project.pk, "theme": "Timeliness of care"})
    assert response.status_code == 302
    assert project.feedback_themes.get().name == "Timeliness of care"


def test_another_organisations_comment_is_404(trio, client_for):
    comment = sample_comment(trio)
    client = client_for(trio.outsider)
    url = reverse("experience:comment", kwargs={"org_slug": trio.other_organisation.slug, "comment_id": comment.pk})
    assert client.get(url).status_code == 404


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(trio, client_for):
    from coqi.experience import services

    sample_comment(trio)
    client = client_for(trio.member)
    before = (_queries(client, _url(trio, "comments")), _queries(client, _url(trio, "dashboard")))
    lines = ["date,service,score,comment"] + [
        f"2025-{m:02d}-{d:02d},Ward {d % 4},{1 + d % 5},Comment number {m}-{d} about the care"
        for m in range(1, 13)
        for d in range(1, 9)
    ]
    services.import_feedback(
        actor=trio.owner, organisation=trio.organisation, file_name="more.csv", content="\n".join(lines).encode()
    )
    after = (_queries(client, _url(trio, "comments")), _queries(client, _url(trio, "dashboard")))
    assert after == before
    assert after[0] <= 16 and after[1] <= 18


def test_staff_home_page_points_to_experience_and_the_menu_has_it(trio, client_for):
    page = client_for(trio.member).get(f"/o/{trio.organisation.slug}/").content.decode()
    assert "What people tell us" in page and _url(trio, "dashboard") in page

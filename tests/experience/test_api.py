"""Feedback API: import (a job), job status, comments with filters and pages, theme counts; 401/403/404/422."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coqi.accounts import services as account_services
from coqi.experience import services
from tests.experience.jobs import run_worker
from tests.experience.samples import CSV, sample_comment, sample_job

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/riverside-test/feedback"


@pytest.fixture
def bearer():
    def make(user):
        _, secret = account_services.create_access_token(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/imports", "/imports/{job_id}", "/comments", "/themes"]:
        assert f"/api/v1/organisations/{{slug}}/feedback{path}" in paths


def test_import_returns_a_job_the_worker_finishes(client, trio, bearer):
    headers = bearer(trio.member)
    response = client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("fft.csv", CSV.encode())}, **headers)
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "queued" and job["comments_added"] is None
    run_worker()
    done = client.get(f"{BASE}/imports/{job['id']}", **headers).json()
    assert done["status"] == "succeeded" and done["comments_added"] == 3 and done["rows_total"] == 3


def test_a_rejected_file_reports_its_problems_on_the_job(client, trio, bearer):
    headers = bearer(trio.member)
    bad = b"date,service,score,comment\n2025-01-01,Ward 7,9,Good\n"
    job = client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("bad.csv", bad)}, **headers).json()
    run_worker()
    done = client.get(f"{BASE}/imports/{job['id']}", **headers).json()
    assert done["status"] == "rejected" and done["problems"][0].startswith("Row 2, column “score”")


def test_import_needs_a_file_and_an_importer(client, trio, bearer):
    assert client.post(f"{BASE}/imports", {}, **bearer(trio.member)).status_code == 422
    empty = client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("e.csv", b"")}, **bearer(trio.member))
    assert empty.status_code == 422
    partner = client.post(
        f"{BASE}/imports", {"file": SimpleUploadedFile("f.csv", CSV.encode())}, **bearer(trio.partner)
    )
    assert partner.status_code == 403
    assert client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("f.csv", CSV.encode())}).status_code == 401


def test_comments_filter_and_paginate(client, trio, bearer):
    sample_comment(trio)
    headers = bearer(trio.partner)
    everything = client.get(f"{BASE}/comments", **headers).json()
    assert everything["count"] == 3 and everything["count_is_exact"] and everything["next"] is None
    assert [c["received_on"] for c in everything["results"]] == ["2025-02-03", "2025-01-09", "2025-01-05"]
    ward = client.get(f"{BASE}/comments?service=Ward 7&date_from=2025-01-06", **headers).json()
    assert ward["count"] == 1 and ward["results"][0]["fft_score"] == 4
    first = client.get(f"{BASE}/comments?page_size=2", **headers).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    paged = client.get(f"{BASE}/comments", {"page_size": 2, "older_than": first["next"]}, **headers).json()
    assert paged["count"] == 3 and paged["next"] is None
    assert [c["received_on"] for c in paged["results"]] == ["2025-01-05"]
    assert client.get(f"{BASE}/comments?older_than=2025-01-09.1", **headers).status_code == 422
    assert client.get(f"{BASE}/comments?older_than=yesterday", **headers).status_code == 422
    # Any position the schema allows is a place in the order: past the calendar's end, everything is older.
    beyond = client.get(f"{BASE}/comments?older_than=9999999.1", **headers).json()
    assert beyond["count"] == 3 and len(beyond["results"]) == 3
    assert client.get(f"{BASE}/comments?older_than=0.0", **headers).json()["results"] == []
    assert client.get(f"{BASE}/comments?sentiment=9", **headers).status_code == 422
    assert client.get(f"{BASE}/comments?date_from=yesterday", **headers).status_code == 422
    theme = everything["results"][0]["themes"][0]
    by_theme = client.get(f"{BASE}/comments", {"theme": theme}, **headers).json()
    assert by_theme["count"] >= 1 and all(theme in c["themes"] for c in by_theme["results"])


def test_comments_filter_by_demographic_group(client, trio, bearer):
    services.save_mapping(actor=trio.owner, organisation=trio.organisation, demographic_columns="age group")
    csv = (
        "date,service,score,comment,age group\n2025-01-05,Ward 7,1,Kind staff,65+\n"
        "2025-01-06,Ward 7,5,Rude staff,18-34\n"
    )
    services.import_feedback(actor=trio.owner, organisation=trio.organisation, file_name="g.csv", content=csv.encode())
    page = client.get(f"{BASE}/comments", {"group": "age group=65+"}, **bearer(trio.member)).json()
    assert page["count"] == 1 and page["results"][0]["demographics"] == {"age group": "65+"}


def test_theme_counts(client, trio, bearer):
    sample_comment(trio)
    counts = client.get(f"{BASE}/themes", **bearer(trio.member)).json()
    assert counts and counts == sorted(counts, key=lambda t: (-t["comments"], t["name"]))
    total = sum(len(c.themes) for c in trio.organisation.feedback_comments.all())
    assert sum(t["comments"] for t in counts) == total
    ward = client.get(f"{BASE}/themes?service=Maternity", **bearer(trio.member)).json()
    assert sum(t["comments"] for t in ward) == len(trio.organisation.feedback_comments.get(service="Maternity").themes)


def test_another_organisations_feedback_is_404(client, trio, bearer):
    job = sample_job(trio)
    headers = bearer(trio.outsider)
    assert client.get(f"{BASE}/comments", **headers).status_code == 404
    assert client.get(f"{BASE}/themes", **headers).status_code == 404
    assert client.get(f"{BASE}/imports/{job.pk}", **headers).status_code == 404
    own = "/api/v1/organisations/elsewhere-test/feedback"
    assert client.get(f"{own}/imports/{job.pk}", **headers).status_code == 404

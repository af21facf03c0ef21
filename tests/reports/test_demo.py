"""The board report on the demo organisation: every section has something in it, and the page, PDF and JSON
all work on that real-looking data (the report has no demo data of its own: it reads everyone else's)."""

import pytest
from django.contrib.auth import get_user_model

from coqi.core.demo import load_demo
from coqi.core.models import Organisation
from coqi.reports import selectors
from coqi.reports.period import default_period
from tests.reports.helpers import TODAY, pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_board_report(client_for):
    load_demo()
    riverside = Organisation.objects.get(slug="riverside-hospitals")
    report = selectors.board_report(organisation=riverside, period=default_period(TODAY), today=TODAY)
    assert report.portfolio.total and report.measures and report.activity_mix.activity_count
    assert report.assessment.latest is not None and report.commitments.overdue
    admin = get_user_model().objects.get(email="admin@example.com")
    client = client_for(admin)
    html = client.get("/o/riverside-hospitals/board-report/").content.decode()
    assert report.measures[0].title in html
    partner = get_user_model().objects.get(email="partner@example.com")
    assert partner.display_name not in html  # their own commitment is listed, without their name
    assert "A lived experience partner" in html
    data = client.get("/o/riverside-hospitals/board-report/board-report.pdf").content
    assert data.startswith(b"%PDF") and riverside.name in pdf_text(data)

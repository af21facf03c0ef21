"""Board report pages: who may read it, every section on the page, the PDF, the period, and bounded queries."""

import re

import pytest

from coqi.core.models import SystemViewer
from tests.factories import MembershipFactory, UserFactory
from tests.reports.helpers import MEASURE_NAME, add_project, full_organisation, pdf_text

pytestmark = pytest.mark.django_db

PAGE = "/o/riverside-test/board-report/"
PDF = PAGE + "board-report.pdf"


def _system_viewer(trio):
    viewer = UserFactory(email="viewer@example.com", display_name="Vic Viewer")
    SystemViewer.objects.create(system=trio.organisation.system, user=viewer)
    return viewer


def test_outsiders_get_404_and_strangers_sign_in(trio, client, client_for):
    assert client.get(PAGE).status_code == 302 and "/sign-in/" in client.get(PAGE)["Location"]
    assert client.get(PDF).status_code == 302
    outsider = client_for(trio.outsider)
    assert outsider.get(PAGE).status_code == 404 and outsider.get(PDF).status_code == 404


@pytest.mark.parametrize("who", ["owner", "member", "partner", "facilitator", "system_viewer"])
def test_members_partners_and_system_viewers_read_it(trio, client_for, who):
    if who == "facilitator":
        person = UserFactory()
        MembershipFactory(organisation=trio.organisation, user=person, role="facilitator")
    elif who == "system_viewer":
        person = _system_viewer(trio)
    else:
        person = getattr(trio, who)
    client = client_for(person)
    assert client.get(PAGE).status_code == 200
    assert client.get(PDF)["Content-Type"] == "application/pdf"


def test_menu_item_for_every_member(trio, client_for):
    home = client_for(trio.partner).get("/o/riverside-test/").content.decode()
    assert 'href="/o/riverside-test/board-report/"' in home


def test_every_section_on_the_page(trio, client_for):
    full_organisation(trio)
    html = client_for(trio.owner).get(PAGE).content.decode()
    for heading in [
        "Project portfolio by stage",
        "Key measures",
        "Co-production",
        "Experience of care",
        "Self-assessment",
        "Commitments",
        "Successes to celebrate",
    ]:
        assert f">{heading}</h2>" in html
    assert MEASURE_NAME in html and "Special cause variation: improvement" in html
    assert 'class="coqi-report__icon"><svg aria-hidden="true"' in html  # the MDC icon beside its words
    assert "2 of 3 projects with activities (67%) had a partner with lived experience at the very first" in html
    assert "75% of the 4 who answered" in html
    assert "Spring self-assessment" in html
    assert re.search(r"nhsuk-tag--red[^>]*>\s*Overdue", html)
    assert "Letters now arrive before the appointment." in html
    celebrate = re.search(r'href="(http://testserver/o/riverside-test/projects/\d+/celebrate/)"', html)
    assert celebrate and client_for(trio.owner).get(celebrate.group(1)).status_code == 200
    assert "Pat Partner" not in html.split('id="portfolio"')[1].split('id="commitments"')[0]  # no partner named
    assert 'href="/o/riverside-test/board-report/board-report.pdf"' in html


def test_empty_areas_get_plain_sentences(trio, client_for):
    html = client_for(trio.owner).get(PAGE).content.decode()
    for sentence in [
        "There are no improvement projects yet.",
        "No project has measures yet.",
        "No involvement activities were recorded in this period.",
        "No feedback from people about their care was imported for this period.",
        "There are no self-assessment results to show yet.",
        "No commitments have been made yet.",
        "No project has reached the celebrate stage yet.",
    ]:
        assert sentence in html
    assert "<table" not in html


def test_print_styles_are_linked(trio, client_for, client):
    html = client_for(trio.owner).get(PAGE).content.decode()
    assert "reports/board-report.css" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("reports/board-report.css")).read()
    print_rules = css.split("@media print")[1]
    for rule in [
        ".nhsuk-header",
        "break-before: page",
        "display: table-header-group",
        "break-inside: avoid",
        'content: " (" attr(href) ")"',
    ]:
        assert rule in print_rules


def test_bad_period_is_named_and_the_default_shown(trio, client_for):
    client = client_for(trio.owner)
    html = client.get(PAGE + "?from=2026-02-30").content.decode()
    assert "There is a problem" in html and "Enter the start date as a real date" in html
    assert 'href="#period-from"' in html and "<title>Error: " in html
    assert client.get(PAGE + "?from=2025-01-01&to=2025-12-31").status_code == 200
    wrong = client.get(PDF + "?from=2026-05-01&to=2026-04-01")
    assert wrong.status_code == 400 and "The start date must be on or before the end date" in wrong.content.decode()


def test_chosen_period_is_kept_in_the_pdf_link(trio, client_for):
    html = client_for(trio.owner).get(PAGE + "?from=2025-01-01&to=2025-12-31").content.decode()
    assert "1 January 2025 to 31 December 2025" in html
    assert f'href="{PDF}?from=2025-01-01&amp;to=2025-12-31"' in html


def test_the_pdf(trio, client_for):
    full_organisation(trio)
    response = client_for(trio.owner).get(PDF)
    data = response.content
    assert data.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="board-report-riverside-test-')
    text = pdf_text(data)
    assert "(Board report: Riverside Test Trust)" in text  # the title page heading, as drawn text
    assert MEASURE_NAME in text and "Special cause variation: improvement" in text
    for heading in [
        "Project portfolio by stage",
        "Key measures",
        "Co-production",
        "Self-assessment",
        "Commitments",
        "Successes to celebrate",
    ]:
        assert f"/Title ({heading})" in text  # a bookmark in the outline
    assert "/Outlines" in text and "/PageMode /UseOutlines" in text
    assert "/Title (Board report: Riverside Test Trust" in text and "/Author (Riverside Test Trust \\(Co-QI\\))" in text
    assert "/Subject (Co-produced quality improvement" in text and "/Lang (en-GB)" in text
    assert "OVERDUE" in text and "Kinder outpatients" in text and "/projects/" in text  # celebration page link
    assert "Pat Partner" not in text.split("Commitments")[0]


def test_the_pdf_with_nothing_in_it(trio, client_for):
    text = pdf_text(client_for(trio.partner).get(PDF).content)
    assert "There are no improvement projects yet." in text and "No project has measures yet." in text


def test_queries_are_bounded(trio, client_for, django_assert_max_num_queries):
    full_organisation(trio)
    add_project(trio, "A fourth project", measures=1)
    client = client_for(trio.owner)
    client.get(PAGE)
    with django_assert_max_num_queries(40):
        assert client.get(PAGE).status_code == 200
    for number in range(3):
        add_project(trio, f"Extra project {number}", measures=2)
    with django_assert_max_num_queries(40):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(PDF).status_code == 200


def test_markup_in_names_is_shown_as_text(trio, client_for):
    add_project(trio, "<script>alert(1)</script> & (brackets) café — 中文", measures=1)
    client = client_for(trio.owner)
    html = client.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; (brackets)" in html
    response = client.get(PDF)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "<script>alert(1)</script> & (brackets) café" in text  # drawn as text, not read as markup

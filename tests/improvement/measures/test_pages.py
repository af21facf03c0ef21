"""The plan and measure pages: each renders for the team, forms save through services, signals show."""

from datetime import date

import pytest

from coqi.improvement.models import DriverNode, Measure
from coqi.improvement.services import measures as services
from coqi.improvement.services import plans as improvement_services

pytestmark = pytest.mark.django_db


def monthly_csv(values, start_year=2023, denominators=None):
    lines = ["period,value" + (",denominator" if denominators else "")]
    for i, value in enumerate(values):
        period = date(start_year + i // 12, i % 12 + 1, 1).isoformat()
        lines.append(f"{period},{value}" + (f",{denominators[i]}" if denominators else ""))
    return ("\n".join(lines) + "\n").encode()


SHIFTED = [9, 11, 10, 12, 9, 10, 11, 10, 12, 9, 11, 10, 10, 11, 9, 12, 6, 5, 6, 5, 4, 6, 5, 5]


@pytest.fixture
def measure(setup, trio):
    return services.create_measure(
        actor=trio.member,
        project=setup.project,
        name="Falls",
        kind=Measure.Kind.OUTCOME,
        definition="Inpatient falls on Ward 7 each month, from Datix.",
        unit="falls",
        improvement_direction=Measure.Direction.DECREASE,
        target=8,
    )


def url(setup, tail=""):
    return f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/{tail}"


def test_measure_page_shows_chart_table_icons_and_pdsa_marks(setup, trio, measure, client_for):
    services.import_upload(actor=trio.member, measure=measure, file_name="falls.csv", content=monthly_csv(SHIFTED))
    idea = improvement_services.add_driver_node(
        actor=trio.member, project=setup.project, kind=DriverNode.Kind.PRIMARY, text="Safer ward"
    )
    idea = improvement_services.add_driver_node(
        actor=trio.member,
        project=setup.project,
        kind=DriverNode.Kind.CHANGE_IDEA,
        text="Call bells in reach",
        parent=idea,
    )
    improvement_services.plan_pdsa_cycle(
        actor=trio.member,
        project=setup.project,
        change_idea=idea,
        title="Bells",
        plan="Try it",
        prediction="Fewer falls",
        started_on=date(2024, 5, 3),
        participants=[setup.partner],
    )
    client = client_for(trio.partner)
    page = client.get(url(setup, f"measures/{measure.pk}/"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in html and "<table" in html and "PDSA 1" in html
    assert "Special cause variation: improvement" in html
    assert 'style="' not in html.split("<svg", 1)[1].split("</svg>")[0]
    listing = client.get(url(setup, "measures/")).content.decode()
    assert "Falls" in listing and "Special cause variation" in listing
    plan = client.get(url(setup, "improvement/")).content.decode()
    assert "Call bells in reach" in plan and "PDSA 1: Bells" in plan


def test_stratified_measure_has_one_chart_per_group_with_unique_ids(setup, trio, client_for):
    import re

    measure = services.create_measure(
        actor=trio.member,
        project=setup.project,
        name="Waits by quintile",
        kind="outcome",
        definition="d",
        unit="weeks",
        improvement_direction="decrease",
        population_group="Deprivation quintile",
    )
    lines = ["period,value,group"] + [
        f"{date(2023 + i // 12, i % 12 + 1, 1)},{v},{g}" for g in ("Q1", "Q5") for i, v in enumerate(SHIFTED)
    ]
    services.import_upload(
        actor=trio.member, measure=measure, file_name="w.csv", content=("\n".join(lines) + "\n").encode()
    )
    html = client_for(trio.member).get(url(setup, f"measures/{measure.pk}/")).content.decode()
    assert html.count("<svg class") + html.count("coqi-chart__svg") >= 2
    assert "Deprivation quintile: Q1" in html and "Deprivation quintile: Q5" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, duplicates


def test_stories_are_marked_on_the_chart_and_told_beside_it(setup, trio, measure, client_for):
    from coqi.projects.services.stories import add_story

    services.import_upload(actor=trio.member, measure=measure, file_name="f.csv", content=monthly_csv(SHIFTED))
    add_story(
        actor=trio.member,
        project=setup.project,
        title="Nobody came",
        text="I pressed the bell and waited.",
        told_by="a patient on the ward",
        consent_given_by="the patient",
        consent_scope="the project team",
        consent_given_on=date(2024, 3, 12),
    )
    html = client_for(trio.member).get(url(setup, f"measures/{measure.pk}/")).content.decode()
    assert "Story (Mar 2024)" in html and "I pressed the bell and waited." in html


def test_entering_one_value_by_form_and_a_stale_measure_edit(setup, trio, measure, client_for):
    client = client_for(trio.member)
    bad = client.post(url(setup, f"measures/{measure.pk}/data/"), {"period": "2024-01-01", "value": "many"})
    assert "The value must be a number" in bad.content.decode()
    assert (
        client.post(url(setup, f"measures/{measure.pk}/data/"), {"period": "2024-01-01", "value": "4"}).status_code
        == 302
    )
    assert measure.data_points.get().value == 4
    fields = {
        "name": "Falls",
        "kind": "outcome",
        "definition": "d",
        "unit": "falls",
        "improvement_direction": "decrease",
        "chart_type": "xmr",
        "version": "1",
    }
    assert client.post(url(setup, f"measures/{measure.pk}/edit/"), fields | {"target": "5"}).status_code == 302
    stale = client.post(url(setup, f"measures/{measure.pk}/edit/"), fields | {"unit": "falls a month"})
    assert stale.status_code == 409 and "Someone else changed this measure" in stale.content.decode()


def test_celebration_sections_show_the_charts_and_tests(setup, trio, measure, rf):
    from coqi.projects.registry import celebration_sections

    services.import_upload(actor=trio.member, measure=measure, file_name="f.csv", content=monthly_csv(SHIFTED))
    request = rf.get("/")
    request.user = trio.member
    headings = [s.heading for s in celebration_sections(request, setup.project)]
    assert "What the measures show" in headings
    section = next(s for s in celebration_sections(request, setup.project) if s.heading == "What the measures show")
    assert section.context["charts"][0].svg.startswith("<svg")


def test_names_with_dollar_signs_and_markup_print_as_typed(setup, trio, client_for):
    measure = services.create_measure(
        actor=trio.member,
        project=setup.project,
        name=r"Cost $\undefinedcommand$ <script>alert(1)</script>",
        kind="balancing",
        definition="d",
        unit="£ per $100",
        improvement_direction="decrease",
    )
    services.import_upload(actor=trio.member, measure=measure, file_name="f.csv", content=monthly_csv(SHIFTED))
    response = client_for(trio.member).get(url(setup, f"measures/{measure.pk}/"))
    html = response.content.decode()
    assert response.status_code == 200 and "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_upload_template_has_the_measures_columns_and_uploads_cleanly(setup, trio, client_for):
    measure = services.create_measure(
        actor=trio.member,
        project=setup.project,
        name="Checks",
        kind="process",
        definition="d",
        unit="%",
        improvement_direction="increase",
        chart_type="p",
        population_group="Ethnic group",
    )
    response = client_for(trio.partner).get(url(setup, f"measures/{measure.pk}/upload/template.csv"))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.splitlines()[0] == b"period,value,denominator,group"
    assert services.import_upload(actor=trio.member, measure=measure, file_name="t.csv", content=content) == (2, 0)

"""The plan and measure pages: each renders for the team, forms save through services, signals show."""

from datetime import date

import pytest

from coqi.improvement import services as improvement_services
from coqi.improvement.models import DriverNode
from coqi.measures import services
from coqi.measures.models import Measure

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
        actor=trio.member, project=setup.project, name="Falls", kind=Measure.Kind.OUTCOME,
        definition="Inpatient falls on Ward 7 each month, from Datix.", unit="falls",
        improvement_direction=Measure.Direction.DECREASE, target=8,
    )


def url(setup, tail=""):
    return f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/{tail}"


def test_measure_page_shows_chart_table_icons_and_pdsa_marks(setup, trio, measure, client_for):
    services.import_upload(actor=trio.member, measure=measure, file_name="falls.csv", content=monthly_csv(SHIFTED))
    idea = improvement_services.add_driver_node(
        actor=trio.member, project=setup.project, kind=DriverNode.Kind.PRIMARY, text="Safer ward"
    )
    idea = improvement_services.add_driver_node(
        actor=trio.member, project=setup.project, kind=DriverNode.Kind.CHANGE_IDEA, text="Call bells in reach", parent=idea
    )
    improvement_services.plan_pdsa_cycle(
        actor=trio.member, project=setup.project, change_idea=idea, title="Bells", plan="Try it",
        prediction="Fewer falls", started_on=date(2024, 5, 3), participants=[setup.partner],
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

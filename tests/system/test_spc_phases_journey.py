"""A QI team's chart after a change works: a facilitator uploads 24 months with a step change, the page suggests a
new phase and says why, the team's decision (with a lived-experience partner in the room) starts phase 2, the chart
shows two phases with their own limits and links the decision, a note goes on March 2024, and the PNG and the
Excel data download. axe-core: 0 violations at 1280 and 320 px; every piece of chart text renders at 12 CSS px or
more at both widths."""

import io
import re
from datetime import date

from openpyxl import load_workbook
from playwright.sync_api import expect

from coqi.core.roles import Role
from coqi.improvement.models import Measure
from coqi.improvement.services import measures as services
from coqi.projects.choices import TeamRole
from tests.improvement.helpers import add_to_team, make_project

STEP = [20, 22, 19, 21, 23, 20, 22, 21, 19, 22, 20, 21, 12, 11, 13, 12, 10, 12, 11, 13, 12, 11, 12, 10]
DESKTOP, NARROW = {"width": 1280, "height": 900}, {"width": 320, "height": 720}

# The size each chart text is drawn at on screen: its font size in SVG units times the scale from those units to
# CSS px (the screen transform, which includes the viewBox scaling and any rotation).
RENDERED_TEXT_SIZES = """() => Array.from(document.querySelectorAll("svg.coqi-chart__svg text"))
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })"""


def smallest_chart_text(page) -> tuple[int, float]:
    sizes = page.evaluate(RENDERED_TEXT_SIZES)
    return len(sizes), min(sizes)


def assert_chart_text_readable(page):
    for viewport in (DESKTOP, NARROW):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(100)
        count, smallest = smallest_chart_text(page)
        assert count > 10 and smallest >= 12, f"chart text at {viewport['width']} px: smallest {smallest:.2f} px"
    page.set_viewport_size(DESKTOP)


def test_team_starts_a_phase_after_a_step_change(trio, signed_in, live_server, assert_accessible, tmp_path):
    from tests.factories import MembershipFactory, UserFactory

    facilitator = UserFactory(email="fran@example.com", display_name="Fran Facilitator")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    project = make_project(trio.organisation, title="Shorter waits in the emergency department")
    add_to_team(project, facilitator, TeamRole.FACILITATOR)
    add_to_team(project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER)
    measure = services.create_measure(
        actor=facilitator,
        project=project,
        name="Waits over 4 hours",
        kind=Measure.Kind.OUTCOME,
        definition="People waiting more than 4 hours in the department, each month.",
        unit="people",
        improvement_direction=Measure.Direction.DECREASE,
    )
    page = signed_in(facilitator)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/projects/{project.pk}/measures/{measure.pk}/")

    page.get_by_role("link", name="Upload data").first.click()
    upload = tmp_path / "waits.csv"
    upload.write_text(
        "period,value\n" + "".join(f"{date(2023 + i // 12, i % 12 + 1, 1)},{v}\n" for i, v in enumerate(STEP))
    )
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("24 new periods")).to_be_visible()

    # One set of limits over a step change: the page suggests a new phase, and says why.
    suggestion = page.locator(".coqi-suggestion")
    expect(suggestion).to_contain_text("A new phase may be due from January 2024")
    expect(suggestion).to_contain_text("12 points in a row from January 2024 are below the centre line")
    assert_chart_text_readable(page)
    assert_accessible(page)

    page.get_by_role("link", name="Discuss and start a new phase from January 2024").click()
    expect(page.get_by_label("First period of the new phase")).to_have_value("2024-01-01")
    assert_accessible(page)
    page.get_by_role("button", name="Start the phase and log the decision").click()  # no reason: refused
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why redraw the limits?").fill("The see-and-treat stream started in January and has held.")
    page.get_by_label("Evidence (optional)").fill("PDSA 2 and 3; the February audit of every breach.")
    page.get_by_label("Consensus: everyone agrees").check()
    page.get_by_label("Co-production", exact=True).check()
    page.get_by_label("Date of the decision").fill("2024-02-20")
    page.get_by_label(re.compile(r"Pat Partner \(lived experience partner\)")).check()
    page.get_by_label(re.compile(r"Fran Facilitator \(facilitator\)")).check()
    page.get_by_role("button", name="Start the phase and log the decision").click()
    expect(page.get_by_text("A new phase starts in January 2024")).to_be_visible()

    # Two phases, each with its own limits, and the decision a link away; no signals and no suggestion now.
    expect(page.locator(".coqi-suggestion")).to_have_count(0)
    phases = page.locator(".coqi-phases")
    expect(phases).to_contain_text("Phase 1: Jan 2023 to Dec 2023, mean 20.83, limits 15.27 to 26.40")
    expect(phases).to_contain_text("Phase 2: Jan 2024 to Dec 2024, mean 11.58, limits 7.71 to 15.45")
    expect(page.locator("svg.coqi-chart__svg text", has_text="Phase 2")).to_have_count(1)
    assert_chart_text_readable(page)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("The decision to start phase 2")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Start a new phase of “Waits over 4 hours”")
    expect(page.get_by_text("The see-and-treat stream started in January")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Add a note to the chart").click()
    assert_accessible(page)
    page.get_by_label("Period", exact=True).select_option(label="March 2024")
    page.get_by_label("Note", exact=True).fill("New triage nurse started")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator("figcaption")).to_contain_text("New triage nurse started (Mar 2024)")
    page.get_by_text("Data table").click()
    expect(page.get_by_role("table")).to_contain_text("New triage nurse started")
    assert_chart_text_readable(page)
    assert_accessible(page)

    with page.expect_download() as png:
        page.get_by_role("link", name=re.compile("chart as PNG")).click()
    assert png.value.suggested_filename.endswith(".png")
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as xlsx:
        page.get_by_role("link", name=re.compile("data as Excel")).click()
    sheet = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))["Chart data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Period", "Phase", "Value") and len(rows) == 25
    assert {row[1] for row in rows[13:]} == {2} and "New triage nurse started" in [row[10] for row in rows]

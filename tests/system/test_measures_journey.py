"""A facilitator on an existing project sets an aim, builds the driver diagram, adds a measure, uploads 24 months
of data (after a rejected file), sees the chart with its signals, logs a PDSA cycle and sees it marked on the chart.
axe-core finds 0 violations on every page visited, at desktop width and at 320 px."""

import re
from datetime import date

from playwright.sync_api import expect

from coqi.core.roles import Role
from coqi.projects.choices import TeamRole
from tests.improvement.helpers import add_to_team, make_project

FALLS = [9, 11, 10, 12, 9, 10, 11, 10, 12, 9, 11, 10, 10, 11, 9, 12, 6, 5, 6, 5, 4, 6, 5, 5]


def test_facilitator_plans_measures_and_marks_a_pdsa_cycle(trio, signed_in, live_server, assert_accessible, tmp_path):
    from tests.factories import MembershipFactory, UserFactory

    facilitator = UserFactory(email="fran@example.com", display_name="Fran Facilitator")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    project = make_project(trio.organisation, title="Fewer falls on Ward 7")
    add_to_team(project, facilitator, TeamRole.FACILITATOR)
    add_to_team(project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER)

    page = signed_in(facilitator)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/projects/{project.pk}/improvement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan: the Model for Improvement")
    assert_accessible(page)

    page.get_by_role("button", name="Set the aim").click()
    assert_accessible(page)
    page.get_by_label("What will get better?").fill("Fewer falls")
    page.get_by_label("For whom?").fill("older people on Ward 7")
    page.get_by_label("By how much?").fill("by a third")
    page.get_by_label("By when?").fill("2026-03-31")
    page.get_by_role("button", name="Save the aim").click()
    expect(page.get_by_text("The aim has been saved.")).to_be_visible()

    page.get_by_role("button", name="Add a primary driver").click()
    assert_accessible(page)
    page.get_by_label("Wording").fill("Patients can call for help")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("link", name="Add under this primary driver “Patients can call for help”").click()
    page.get_by_label("Change idea").check()
    page.get_by_label("Wording").fill("Call bell within reach at every bed check")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Call bell within reach at every bed check").first).to_be_visible()
    assert_accessible(page)  # the tree, with its move, rename and remove buttons

    page.get_by_role("link", name="See the project's measures and charts").click()
    page.get_by_role("button", name="Add a measure").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Inpatient falls")
    page.get_by_label("Outcome").check()
    page.get_by_label("Definition").fill("Falls on Ward 7 each month, from incident reports.")
    page.get_by_label("Unit").fill("falls")
    page.get_by_label("Lower is better").check()
    page.get_by_label("Target (optional)").fill("8")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inpatient falls")
    assert_accessible(page)

    page.get_by_role("link", name="Upload data").first.click()
    bad = tmp_path / "falls-bad.csv"
    bad.write_text("period,value\n2023-01-01,9\n2023-01-01,10\n2023-02-30,x\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(page.get_by_text("Row 3, column “period”")).to_be_visible()
    assert_accessible(page)

    good = tmp_path / "falls.csv"
    good.write_text(
        "period,value\n"
        + "".join(f"{date(2023 + i // 12, i % 12 + 1, 1).isoformat()},{v}\n" for i, v in enumerate(FALLS))
    )
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("24 new periods")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Inpatient falls: SPC chart"))
    expect(chart).to_be_visible()
    expect(
        page.locator(".coqi-icon-text, .coqi-secondary", has_text="Special cause variation: improvement").first
    ).to_be_visible()
    page.get_by_text("Data table").click()
    expect(page.get_by_role("table")).to_contain_text("Below the lower process limit (improvement)")
    assert_accessible(page)

    page.get_by_role("link", name="Log a PDSA cycle").click()
    assert_accessible(page)
    page.get_by_label("Which change idea does this cycle test?").select_option(
        label="Call bell within reach at every bed check"
    )
    page.get_by_label("Short title").fill("Bells on the night shift")
    page.get_by_label("Plan: what will you try, who, where and when?").fill(
        "Night staff check bells at each round for a month."
    )
    page.get_by_label("Prediction: what do you think will happen?").fill("Fewer falls at night.")
    page.get_by_label("Start date").fill("2024-05-06")
    page.get_by_label(re.compile("Pat Partner")).check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDSA 1: Bells on the night shift")
    expect(page.get_by_text("Pat Partner (lived experience partner)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="See the measures, with this cycle marked on the charts").click()
    expect(
        page.locator(".coqi-icon-text, .coqi-secondary", has_text="Special cause variation: improvement").first
    ).to_be_visible()
    assert_accessible(page)  # the MDC summary of every measure
    page.get_by_role("link", name="Inpatient falls").click()
    expect(page.locator("figcaption")).to_contain_text("PDSA 1 (May 2024)")
    # marks are numbered on the picture (a sentence would not fit at a readable size) and named in the caption
    expect(page.locator("svg.coqi-chart__svg text", has_text=re.compile(r"^1$"))).to_have_count(1)
    expect(page.get_by_text("PDSA 1: Bells on the night shift")).to_be_visible()
    assert_accessible(page)


def test_summary_stratified_and_celebration_pages_are_accessible(trio, signed_in, live_server, assert_accessible):
    """Realistic data (the demo's scenarios): the MDC summary, a measure split by group with one chart per group,
    and the celebration page's charts."""
    from coqi.improvement.demo import load_improvement_demo
    from coqi.projects.choices import Stage

    project = make_project(
        trio.organisation,
        title="Waiting times in community mental health",
        created_by=trio.member,
        stage=Stage.CELEBRATE,
    )
    add_to_team(project, trio.member, TeamRole.STAFF_PARTNER)
    add_to_team(project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER)
    load_improvement_demo([project])
    page = signed_in(trio.member)
    base = f"{live_server.url}/o/{trio.organisation.slug}/projects/{project.pk}/"
    page.goto(base + "measures/")
    expect(page.get_by_role("table")).to_contain_text("Quintile 1 (most deprived)")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Waiting time by deprivation quintile – Quintile 1")).click()
    expect(page.locator("svg.coqi-chart__svg")).to_have_count(2)
    assert_accessible(page)
    page.goto(base + "celebrate/")
    expect(page.get_by_role("heading", name="What the measures show")).to_be_visible()
    assert_accessible(page)

"""An experience-of-care lead imports FFT responses (after a rejected file), sees the themes and the % positive
chart on the dashboard, finds a comment and sends it to a project as what matters. axe-core finds 0 violations on
every page visited, at desktop width and at 320 px."""

from playwright.sync_api import expect

from coqi.projects.choices import TeamRole
from tests.improvement.helpers import add_to_team, make_project

GOOD = ["The nurses were kind and explained everything.", "Clean ward and lovely caring staff.",
        "Seen quickly by a friendly doctor."]
POOR = ["I waited six hours and nobody told me why.", "The food was cold and the toilets were dirty."]


def _file(tmp_path):
    lines = ["date,service,score,comment"]
    for month in range(1, 15):
        year, m = (2024, month) if month <= 12 else (2025, month - 12)
        for day in range(1, 6):
            text = GOOD[day % 3] if day % 4 else POOR[month % 2]
            lines.append(f"{year}-{m:02d}-{day:02d},Ward 7,{1 if day % 4 else 5},{text}")
    lines.append("2025-02-20,Ward 7,2,Mrs Jane Pemberton-Smythe on the desk was rude. Call 07700 900123.")
    path = tmp_path / "fft-ward-7.csv"
    path.write_text("\n".join(lines) + "\n")
    bad = tmp_path / "fft-bad.csv"
    bad.write_text("date,service,score,comment\n2025-01-01,Ward 7,9,Good\n")
    return path, bad


def test_lead_imports_sees_themes_and_sends_a_comment_to_a_project(trio, signed_in, live_server, assert_accessible,
                                                                    tmp_path):
    project = make_project(trio.organisation, title="Better communication on Ward 7")
    add_to_team(project, trio.member, TeamRole.STAFF_PARTNER)
    good, bad = _file(tmp_path)
    base = f"{live_server.url}/o/{trio.organisation.slug}/experience/"

    page = signed_in(trio.member)
    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Experience of care")
    assert_accessible(page)

    page.get_by_role("button", name="Import feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import feedback")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#upload-problems")).to_contain_text("Row 2, column “score”")
    assert_accessible(page)

    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("71 new responses imported.")).to_be_visible()
    expect(page.locator("#feedback-volume")).to_contain_text("71 responses")
    expect(page.locator("#theme-table")).to_be_visible()
    expect(page.locator("figure.coqi-chart svg")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Read the comments").click()
    page.get_by_label("Search the comments").fill("rude")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#comment-count")).to_have_text("1 comment match these filters.")
    expect(page.locator("#comment-list")).not_to_contain_text("Pemberton")
    assert_accessible(page)

    page.locator("#comment-list a").first.click()
    expect(page.locator("#comment-text")).to_contain_text("[PERSON]")
    assert_accessible(page)
    page.get_by_label("Project").select_option(label="Better communication on Ward 7")
    page.get_by_label("Theme name").fill("Being spoken to with respect")
    page.get_by_role("button", name="Send to the project").click()
    expect(page.get_by_text("has been added to what matters in Better communication on Ward 7")).to_be_visible()
    expect(page.get_by_text("Being spoken to with respect").first).to_be_visible()
    assert_accessible(page)

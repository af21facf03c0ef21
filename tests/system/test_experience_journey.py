"""An experience-of-care lead imports FFT responses (after a rejected file), sees the themes and the % positive
chart on the dashboard, finds a comment and sends it to a project as what matters. axe-core finds 0 violations on
every page visited, at desktop width and at 320 px."""

from playwright.sync_api import expect

from coqi.projects.choices import TeamRole
from tests.improvement.helpers import add_to_team, make_project

GOOD = [
    "The nurses were kind and explained everything.",
    "Clean ward and lovely caring staff.",
    "Seen quickly by a friendly doctor.",
]
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


def test_lead_imports_sees_themes_and_sends_a_comment_to_a_project(
    trio, signed_in, live_server, assert_accessible, tmp_path
):
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


def test_big_file_in_the_background_groups_compared_and_a_story_sent(
    trio, signed_in, live_server, assert_accessible, tmp_path, monkeypatch
):
    """A file too big to import while waiting becomes a job with a progress page; the dashboard then compares age
    groups (small ones left out); a story is recorded with consent and sent to a project."""
    from coqi.experience import services
    from tests.experience.jobs import run_worker

    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 1_000)
    services.save_mapping(actor=trio.owner, organisation=trio.organisation, demographic_columns="age group")
    project = make_project(trio.organisation, title="Kinder nights on Ward 7")
    add_to_team(project, trio.member, TeamRole.STAFF_PARTNER)
    lines = ["date,service,score,comment,age group"]
    for day in range(1, 29):
        for month in (1, 2):
            lines.append(f"2025-{month:02d}-{day:02d},Ward 7,1,{GOOD[day % 3]},65+")
            lines.append(f"2025-{month:02d}-{day:02d},Ward 7,{2 if day % 3 else 5},{POOR[day % 2]},18-34")
    lines.append("2025-02-03,Ward 7,1,Lovely staff,35-64")
    path = tmp_path / "fft-groups.csv"
    path.write_text("\n".join(lines) + "\n")
    base = f"{live_server.url}/o/{trio.organisation.slug}/experience/"

    page = signed_in(trio.member)
    page.goto(base + "import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing fft-groups.csv")
    expect(page.locator("#job-state")).to_contain_text("Waiting to start")
    assert_accessible(page)
    # The page polls by itself: progress shows, and the live region announces it.
    from coqi.experience.models import ImportJob

    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", stage="Redacting and classifying", rows_done=40, rows_total=113
    )
    expect(page.locator("#job-announce")).to_have_text("Importing: redacting and classifying, 35% done.")
    expect(page.get_by_label("40 of 113 new responses redacted and classified")).to_be_visible()
    assert_accessible(page)
    ImportJob.objects.filter(pk=job.pk).update(status="queued", stage="", rows_done=0, rows_total=0)
    job_url = page.url
    page.goto("about:blank")  # the worker below shares the test database; no page polls while it runs
    assert run_worker() == 1
    page.goto(job_url)
    expect(page.locator("#job-result")).to_contain_text("113 new responses imported")
    assert_accessible(page)

    page.get_by_role("link", name="See the experience dashboard").click()
    expect(page.locator("#group-table")).to_contain_text("65+")
    expect(page.locator("#group-table")).not_to_contain_text("35-64")
    expect(page.locator("#groups-suppressed")).to_have_text("1 smaller group not shown.")
    assert_accessible(page)

    page.get_by_role("link", name="Stories told by patients, carers and community members").click()
    page.get_by_role("button", name="Record a story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a story")
    assert_accessible(page)
    page.get_by_label("A short title").fill("The night my dad fell")
    page.get_by_label("A carer or family member").check()
    page.get_by_label("The story, in their words").fill(
        "Nurse Okafor stayed with my dad all night. Call me on 07700 900123."
    )
    page.get_by_label("Who gave consent?").fill("the storyteller")
    page.get_by_label("Improvement projects in this organisation").check()
    page.get_by_label("When did they give consent?").fill("2025-03-01")
    page.get_by_label("I confirm the storyteller gave consent").check()
    page.get_by_role("button", name="Save the story").click()
    expect(page.get_by_text("The story has been saved. 2 identifiers removed.")).to_be_visible()
    expect(page.locator("#story-text")).not_to_contain_text("Okafor")
    assert_accessible(page)
    page.get_by_label("Project").select_option(label="Kinder nights on Ward 7")
    page.get_by_role("button", name="Add to the project").click()
    expect(page.get_by_text("has been added to the stories in Kinder nights on Ward 7")).to_be_visible()
    assert_accessible(page)


def test_admin_corrects_a_comment_and_sees_the_model_page(trio, signed_in, live_server, assert_accessible, tmp_path):
    from coqi.experience import services

    lines = ["date,service,score,comment"] + [f"2025-01-{d:02d},Ward 7,1,{GOOD[d % 3]} Visit {d}." for d in range(1, 6)]
    services.import_feedback(
        actor=trio.owner, organisation=trio.organisation, file_name="a.csv", content="\n".join(lines).encode()
    )
    newest = trio.organisation.feedback_comments.order_by("-received_on", "-id").first()
    page = signed_in(trio.owner)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/experience/comments/{newest.pk}/")
    page.get_by_role("link", name="Correct the themes and sentiment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the themes and sentiment")
    assert_accessible(page)
    page.get_by_label("2 – Positive").check()
    page.get_by_label("Competence & training").check()
    page.get_by_role("button", name="Save and go to the next comment").click()
    expect(page.get_by_text("Saved. 1 comment corrected so far.")).to_be_visible()
    page.get_by_role("link", name="Back to your organisation's model").click()
    expect(page.locator("#labelled-count")).to_have_text("1 comment corrected; training needs at least 40.")
    expect(page.locator("#model-in-use")).to_contain_text("the model shipped with Co-QI")
    assert_accessible(page)
    page.get_by_role("button", name="Train a model on the corrected comments").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Correct at least 40 comments first")
    assert_accessible(page)

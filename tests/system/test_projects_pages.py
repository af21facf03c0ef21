"""Every project page with realistic (demo) data passes axe-core at desktop and 320 px: the pages the journey
does not reach — decisions, reflections, the profile chart, the celebration, team and stage forms, voting by rank."""

from playwright.sync_api import expect

from coqi.core.demo import DEMO_PASSWORD, load_demo


def test_demo_project_pages_are_accessible(signed_in, live_server, assert_accessible):
    from django.contrib.auth import get_user_model

    from coqi.projects.models import Project

    load_demo()
    facilitator = get_user_model().objects.get(email="facilitator@example.com")
    page = signed_in(facilitator, DEMO_PASSWORD)
    falls = Project.objects.get(title="Reducing falls on Ward 7")
    base = f"{live_server.url}/o/{falls.organisation.slug}/projects/{falls.pk}/"
    decision = falls.decisions.filter(dissents__isnull=False).first()
    member = falls.members.first()
    activity = falls.activities.first()
    for path in [
        "",
        "team/",
        "team/add/",
        f"team/{member.pk}/",
        f"team/{member.pk}/remove/",
        "stage/",
        "edit/",
        "activities/",
        f"activities/{activity.pk}/",
        f"activities/{activity.pk}/?edit=1",
        "profile/",
        "what-matters/",
        "what-matters/themes/new/",
        "what-matters/always-events/new/",
        "what-matters/touchpoints/new/",
        "questions/",
        "questions/new/",
        "decisions/",
        "decisions/new/",
        f"decisions/{decision.pk}/",
        "reflections/",
        "celebrate/",
        "celebrate/edit/",
    ]:
        page.goto(base + path)
        assert_accessible(page)

    # The flagged project, and the organisation's own activities.
    discharge = Project.objects.get(title="Discharge letters carers can act on")
    page.goto(f"{live_server.url}/o/{discharge.organisation.slug}/projects/{discharge.pk}/")
    expect(page.get_by_text("Partnership from the first conversation: not met")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{discharge.organisation.slug}/activities/new/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{discharge.organisation.slug}/projects/")
    assert_accessible(page)

    # A reflection with errors shown.
    page.goto(base + "reflections/")
    page.get_by_role("button", name="Add my reflection").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # A community member sees the finished project's celebration page.
    dev = get_user_model().objects.get(email="community@example.com")
    page = signed_in(dev, DEMO_PASSWORD)
    gp = Project.objects.get(title="Easier GP appointments for people with a learning disability")
    page.goto(f"{live_server.url}/o/{gp.organisation.slug}/projects/{gp.pk}/celebrate/")
    expect(page.get_by_text("People with a learning disability can now book")).to_be_visible()
    assert_accessible(page)


def test_ranking_vote_page_is_accessible(trio, signed_in, live_server, assert_accessible):
    from coqi.projects.services import voting as services
    from tests.projects.samples import sample_project

    made = sample_project(trio)
    services.close_prioritisation(actor=trio.member, prioritisation=made["prioritisation"])
    ranking = services.open_prioritisation(actor=trio.member, project=made["project"], method="rank")
    page = signed_in(trio.partner)
    page.goto(
        f"{live_server.url}/o/{trio.organisation.slug}/projects/{made['project'].pk}/prioritise/{ranking.pk}/vote/"
    )
    assert_accessible(page)
    page.get_by_label("How might we cut waiting?").select_option("1")
    page.get_by_label("How might we explain delays?").select_option("1")
    page.get_by_role("button", name="Save my votes").click()
    expect(page.get_by_text("Give each question a different rank").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("How might we explain delays?").select_option("2")
    page.get_by_role("button", name="Save my votes").click()
    expect(page.get_by_text("Your votes have been saved")).to_be_visible()
    assert_accessible(page)


def test_dot_vote_counts_the_dots_left_as_they_move(trio, signed_in, live_server, assert_accessible):
    from tests.projects.samples import sample_project

    made = sample_project(trio)
    prioritisation = made["prioritisation"]
    assert prioritisation.method == "dots"
    total = prioritisation.dots_per_person
    page = signed_in(trio.partner)
    page.goto(
        f"{live_server.url}/o/{trio.organisation.slug}/projects/{made['project'].pk}/prioritise/{prioritisation.pk}/vote/"
    )
    counter = page.locator("#dots-left")
    expect(counter).to_have_attribute("aria-live", "polite")
    expect(counter).to_have_text(f"{total} dots left")
    page.get_by_label("How might we cut waiting?").fill("1")
    expect(counter).to_have_text(f"{total - 1} dots left")
    page.get_by_label("How might we explain delays?").fill(str(total + 1))
    expect(counter).to_have_text("2 dots too many: take some off")
    page.get_by_label("How might we explain delays?").fill(str(total - 2))
    expect(counter).to_have_text("1 dot left")
    assert_accessible(page)

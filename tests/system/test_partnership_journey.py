"""A facilitator sees the concentration alert on their home page, opens the figures, a project resting on one
partner, and the partners suggested for another project; a partner sees the figures without anyone's name.
axe-core: 0 violations on every page visited, at desktop width and at 320 px."""

from playwright.sync_api import expect

from coqi.partners import services as partner_services
from tests.partners.partnership.data import known_set


def test_facilitator_follows_the_alert_to_suggestions(trio, signed_in, assert_accessible):
    data = known_set(trio)
    partner_services.save_profile(
        actor=data.facilitator,
        organisation=data.organisation,
        person=data.cal,
        lived_experience="A fall at night on a ward",
        interests="Falls prevention",
    )

    page = signed_in(data.facilitator)
    alert = page.get_by_role("link", name="Alert: co-production rests on a few people")
    expect(alert).to_be_visible()
    assert_accessible(page)
    alert.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who co-production rests on")
    expect(page.get_by_text("Important: relying on a few key people")).to_be_visible()
    expect(page.get_by_role("table", name="Each partner's hours and projects, most hours first")).to_contain_text("Ada")
    page.get_by_text("What these figures mean").click()
    assert_accessible(page)

    page.get_by_role("link", name="Bedside call bells").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who the project rests on")
    expect(page.get_by_text("All of its partner hours came from one partner")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="See the figures for all of").click()
    page.get_by_role("link", name="Falls at night").click()
    page.get_by_role("button", name="See suggested partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners who could join")
    expect(page.get_by_role("heading", name="1. Cal")).to_be_visible()
    page.get_by_text("How we chose and ranked them").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page = signed_in(trio.partner)
    page.goto(page.url.split("/o/")[0] + f"/o/{data.organisation.slug}/partners/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who co-production rests on")
    expect(page.get_by_text("Ada")).to_have_count(0)
    assert_accessible(page)

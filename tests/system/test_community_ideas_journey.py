"""A visitor without an account raises an idea on a phone (320 px), after a clear message for an empty form; a
moderator finds it from their home page, publishes it and responds; the visitor follows their private link and
sees "You said, we did" on the public page. axe-core finds 0 violations on every page visited, at desktop width
and at 320 px."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from coqi.core.roles import Role
from coqi.ideas import guard, services
from coqi.ideas.models import Idea, IdeaStatus
from tests.ideas.samples import open_page, sample_idea
from tests.system.conftest import NARROW, sign_in

HUMAN_PACE_MS = (guard.MINIMUM_SECONDS + 0.3) * 1000


def test_visitor_raises_an_idea_and_sees_you_said_we_did(trio, page, live_server, assert_accessible):
    cache.clear()  # the rate limit counts in the cache
    open_page(trio)
    earlier = sample_idea(trio, what="Car park machines only take coins.", at=timezone.now() - timedelta(days=20))
    services.respond(
        actor=trio.member,
        idea=earlier,
        status="done",
        text="Card readers went in last month.",
        role=Role.STAFF,
        at=earlier.raised_at + timedelta(days=6),
    )
    public = f"{live_server.url}/community/{trio.organisation.slug}/"

    # The visitor, on a phone, no account.
    page.set_viewport_size(NARROW)
    page.goto(public)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ideas for improvement")
    expect(page.locator("#response-figures")).to_contain_text("6 days")
    assert_accessible(page)
    page.get_by_role("button", name="Raise an idea or concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise an idea or concern")
    assert_accessible(page)
    page.wait_for_timeout(HUMAN_PACE_MS)
    page.get_by_role("button", name="Send my idea").click()
    expect(page.get_by_role("link", name="Tell us your idea or concern.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is your idea or concern?").fill(
        "A quiet place to wait in A&E for people with autism. My son Daniel Okoye waited 5 hours; ring 07700 900123."
    )
    page.get_by_label("What would make it better? (optional)").fill("A side room, <b>even a small one</b>.")
    page.wait_for_timeout(HUMAN_PACE_MS)
    page.get_by_role("button", name="Send my idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your idea")
    expect(page.locator("#idea-status")).to_contain_text("Waiting to be read")
    expect(page.get_by_text("07700")).to_have_count(0)
    expect(page.get_by_text("<b>even a small one</b>", exact=False)).to_be_visible()  # shown as typed, as text
    assert_accessible(page)
    private_link = page.url
    idea = Idea.objects.get(status=IdeaStatus.WAITING)
    assert "07700" not in idea.what and "Okoye" not in idea.what

    # A moderator (staff) publishes it and responds.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, trio.member)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/")
    page.get_by_role("link", name="1 community idea waiting for moderation").click()
    expect(page.locator("#idea-list")).to_contain_text("A quiet place to wait in A&E")
    assert_accessible(page)
    page.locator("#idea-list a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community idea")
    assert_accessible(page)
    page.get_by_label("Publish it", exact=True).check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Published. It now shows on the public page")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("We did this", exact=True).check()
    page.get_by_label("What you are saying back").fill("Room 4 is now a quiet room, with soft lighting.")
    page.get_by_role("button", name="Publish the response").click()
    expect(page.locator("#responses")).to_contain_text("Room 4 is now a quiet room")
    assert_accessible(page)

    # The visitor comes back, signed out, on their phone.
    page.context.clear_cookies()
    page.set_viewport_size(NARROW)
    page.goto(private_link)
    expect(page.locator("#idea-status")).to_contain_text("Published")
    expect(page.get_by_text("Room 4 is now a quiet room, with soft lighting.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See all ideas").click()
    ideas = page.locator("#ideas")
    expect(page.get_by_role("heading", name="You said, we did")).to_be_visible()
    expect(ideas).to_contain_text("A quiet place to wait in A&E")
    expect(ideas).to_contain_text("We did this")
    expect(ideas).to_contain_text("Room 4 is now a quiet room")
    expect(ideas).not_to_contain_text("Mo Member")
    assert_accessible(page)

"""A partner opens My involvement on a phone (320 px), sees an activity coming up today and their learning record,
and changes a detail; a facilitator records a learning event with a partner and a member of staff. axe-core: 0
violations on every page visited, at desktop width and at 320 px."""

from datetime import date, timedelta

from playwright.sync_api import expect

from coqi.core.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.learning.samples import sample_event, sample_opportunity
from tests.payments.helpers import activity

PHONE = {"width": 320, "height": 720}


def test_partner_sees_their_involvement_and_facilitator_records_learning(trio, signed_in, assert_accessible):
    facilitator = UserFactory(email="fay@example.com", display_name="Fay Facilitator")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    activity(trio, title="Partners' forum", held_on=date.today())
    sample_event(
        trio,
        title="Co-production in practice",
        attendees=[trio.partner, trio.member],
        held_on=date.today() - timedelta(days=20),
    )
    sample_opportunity(trio, title="Co-chair the patient safety group", offered_to=[trio.partner])

    # The partner, on a phone.
    page = signed_in(trio.partner)
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="My involvement").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My involvement")
    expect(page.get_by_role("heading", name="Partners' forum")).to_be_visible()
    expect(page.get_by_text("You are on the list to attend")).to_be_visible()
    expect(page.get_by_text("Co-production in practice")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I am interested in Co-chair the patient safety group").click()
    expect(page.get_by_text("You said you are interested: Co-chair the patient safety group")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change my details").click()
    assert_accessible(page)
    page.get_by_label("Communication and access needs").fill("Large print, please, and a break every hour")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My involvement")
    expect(page.get_by_text("Profile saved")).to_be_visible()
    page.get_by_text("Show my details").click()  # folded away, so the page stays short on a phone
    expect(page.get_by_text("Large print, please, and a break every hour")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The facilitator records a learning event with the partner and a member of staff.
    page = signed_in(facilitator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Record learning together").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning register")
    assert_accessible(page)
    page.get_by_role("button", name="Record a learning event").click()
    page.get_by_role("button", name="Record the learning event").click()  # empty: errors by each field
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Quality improvement methods").check()
    page.get_by_label("Title").fill("Run charts for beginners")
    page.get_by_label("Date it was held").fill(date.today().isoformat())
    page.get_by_label("How many hours").fill("2.5")
    page.get_by_label("Who ran it").fill("Fay Facilitator and Pat Partner")
    page.get_by_label("Pat Partner (lived experience partner)").check()
    page.get_by_label("Mo Member (staff member)").check()
    page.get_by_role("button", name="Record the learning event").click()
    expect(page.get_by_text("Learning event recorded: Run charts for beginners")).to_be_visible()
    expect(page.get_by_text("1 with lived experience and 1 with learnt experience")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the learning register").click()
    expect(page.get_by_role("link", name="Run charts for beginners")).to_be_visible()
    expect(page.get_by_text("2 of 2 (100%)")).to_be_visible()
    assert_accessible(page)

    # Then corrects the event's details, and offers a development opportunity to every partner.
    page.get_by_role("link", name="Run charts for beginners").click()
    page.get_by_role("link", name="Change the details of Run charts for beginners").click()
    assert_accessible(page)
    page.get_by_label("How many hours").fill("3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Learning event changed")).to_be_visible()
    page.get_by_role("link", name="Back to the learning register").click()
    page.get_by_role("link", name="Development opportunities").click()
    assert_accessible(page)
    page.get_by_role("button", name="Offer an opportunity").click()
    assert_accessible(page)
    page.get_by_label("A course or training").check()
    page.get_by_label("What is it?").fill("Quality improvement practitioner course")
    page.get_by_label("Open to all lived experience partners").check()
    page.get_by_role("button", name="Offer the opportunity").click()
    expect(page.get_by_text("Opportunity offered: Quality improvement practitioner course")).to_be_visible()
    assert_accessible(page)

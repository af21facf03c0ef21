"""Sign in as each role and land on the right home page; invite a partner who accepts. Every page axe-clean."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from coqi.core.roles import Role


def test_landing_and_sign_in_pages_are_accessible(page, live_server, assert_accessible):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Improve care together"
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_role("button", name="Sign in").click()  # empty form: the error summary
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "who, heading",
    [
        ("owner", "Manage Riverside Test Trust"),
        ("member", "Improvement at Riverside Test Trust"),
        ("partner", "Hello, Pat Partner"),
        ("facilitator", "Co-production at Riverside Test Trust"),
    ],
)
def test_each_role_signs_in_to_its_home_page(trio, signed_in, live_server, assert_accessible, who, heading):
    from tests.factories import MembershipFactory, UserFactory

    if who == "facilitator":
        person = UserFactory(email="facilitator@example.com")
        MembershipFactory(organisation=trio.organisation, user=person, role=Role.FACILITATOR)
    else:
        person = getattr(trio, who)
    page = signed_in(person)
    assert page.url == f"{live_server.url}/o/{trio.organisation.slug}/"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)


def test_system_viewer_signs_in_to_the_system_page(trio, signed_in, live_server, assert_accessible):
    from tests.factories import SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    page = signed_in(viewer)
    assert page.url == f"{live_server.url}/s/{trio.organisation.system.slug}/"
    assert_accessible(page)
    page.get_by_role("link", name=trio.organisation.name).click()
    page.wait_for_url(f"**/o/{trio.organisation.slug}/")
    expect(page.get_by_text("Read only", exact=True)).to_be_visible()
    assert_accessible(page)


def test_admin_invites_a_partner_who_accepts_and_lands_on_the_partner_home(
    trio, signed_in, live_server, assert_accessible
):
    page = signed_in(trio.owner)
    page.get_by_role("link", name="Invite people").click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("nia@example.com")
    page.get_by_label("Lived experience partner").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to nia@example.com")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    assert_accessible(page)
    page.get_by_label("Your name").fill("Nia Partner")
    page.get_by_label("Create a password").fill("a-fresh-partner-password")
    page.get_by_label("Type your password again").fill("a-fresh-partner-password")
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url(f"{live_server.url}/o/{trio.organisation.slug}/")
    assert page.url == f"{live_server.url}/o/{trio.organisation.slug}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Nia Partner"
    assert_accessible(page)


def test_admin_pages_people_and_audit_are_accessible(trio, signed_in, live_server, assert_accessible):
    page = signed_in(trio.owner)
    page.get_by_role("link", name="Manage people and roles").click()
    assert_accessible(page)
    page.get_by_role("link", name="Change role for Mo Member").click()
    page.get_by_label("Co-production facilitator").check()
    page.get_by_role("button", name="Change role").click()
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/audit/")
    expect(page.get_by_role("cell", name="Role changed")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/account/")
    assert_accessible(page)
    page.get_by_role("link", name="Change your password").click()
    assert_accessible(page)
    page.get_by_role("link", name="Back to your account").click()
    page.get_by_role("button", name="Create a token").click()
    page.get_by_label("What is this token for?").fill("Spreadsheet")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#token-secret")).to_contain_text("coqi_")
    assert_accessible(page)

"""A facilitator starts a project, invites a partner who joins, records the first meeting with the partner there,
adds a story, and the team prioritises questions with the partner voting. axe-core: 0 violations on every page
visited, at desktop width and at 320 px."""

import re
from datetime import date

from django.core import mail
from playwright.sync_api import expect

from coqi.core.roles import Role


def test_facilitator_and_partner_start_a_project_together(trio, signed_in, live_server, assert_accessible):
    from tests.factories import MembershipFactory, UserFactory

    facilitator = UserFactory(email="fay@example.com", display_name="Fay Facilitator")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    org = f"{live_server.url}/o/{trio.organisation.slug}"

    # The facilitator starts the project and joins its team.
    page = signed_in(facilitator)
    page.get_by_role("link", name="Start a project").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the project").click()  # empty: errors by the field
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Project title").fill("Kinder discharge letters")
    page.get_by_label("What is the project about?").fill("Letters that carers can understand and act on.")
    page.get_by_label("Facilitator", exact=True).check()
    page.get_by_label("Describe your role on the team").fill("Brings people together and keeps notes.")
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kinder discharge letters")
    expect(page.get_by_text("No activities are recorded yet")).to_be_visible()
    assert_accessible(page)
    project_url = page.url

    # She invites a partner with lived experience onto the team.
    page.get_by_role("link", name="Team", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Invite someone new").click()
    assert_accessible(page)
    page.get_by_label("Their e-mail address").fill("nia@example.com")
    page.get_by_label("Carer", exact=True).check()
    page.get_by_label("Role description").fill("Cares for her father, who was discharged twice last year.")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to nia@example.com")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The partner accepts and finds the project under "My projects".
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    page.get_by_label("Your name").fill("Nia Partner")
    page.get_by_label("Create a password").fill("a-fresh-partner-password")
    page.get_by_label("Type your password again").fill("a-fresh-partner-password")
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url(f"{org}/")
    assert_accessible(page)
    page.get_by_role("link", name="My projects").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Kinder discharge letters").click()
    expect(page.get_by_text("Nia Partner", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The facilitator records the first meeting, with the partner there.
    page = signed_in(facilitator)
    page.goto(project_url + "activities/")
    assert_accessible(page)
    page.get_by_role("button", name="Record an activity").click()
    assert_accessible(page)
    page.get_by_label("Meeting", exact=True).check()
    page.get_by_label("Title", exact=True).fill("First conversation")
    page.get_by_label("Date", exact=True).fill(date.today().isoformat())
    page.get_by_label("How long was it, in hours?").fill("2")
    page.get_by_label("Co-production", exact=True).check()
    page.get_by_label("Fay Facilitator (facilitator)").check()
    page.get_by_label("Nia Partner (carer)").check()
    page.get_by_role("button", name="Save the activity").click()
    expect(page.get_by_text("Activity saved: First conversation.")).to_be_visible()
    assert_accessible(page)
    page.goto(project_url)
    expect(page.get_by_text("Nia Partner took part in the first activity")).to_be_visible()
    assert_accessible(page)
    page.goto(project_url + "profile/")
    assert_accessible(page)

    # A story, with consent recorded.
    page.goto(project_url + "what-matters/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a story").click()
    assert_accessible(page)
    page.get_by_label("A short title", exact=True).fill("Nobody told us the plan")
    page.get_by_label("The story", exact=True).fill(
        "Dad came home on a Friday and the letter used words we did not understand."
    )
    page.get_by_label("Who told it (optional)").fill("a carer")
    page.get_by_label("Who gave consent?").fill("The storyteller")
    page.get_by_label("What did they agree the story can be used for?").fill("Within the project team")
    page.get_by_label("When did they give consent?").fill(date.today().isoformat())
    page.get_by_label(re.compile("I confirm the storyteller gave consent")).check()
    page.get_by_role("button", name="Add the story").click()
    expect(page.get_by_role("link", name="Nobody told us the plan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nobody told us the plan").click()
    assert_accessible(page)

    # Candidate questions from the evidence, then voting opens.
    for text in ["How might we write letters carers can act on?", "How might we agree the plan before Friday?"]:
        page.goto(project_url + "questions/new/")
        page.get_by_label("Improvement question").fill(text)
        page.get_by_label("Nobody told us the plan").check()
        page.get_by_role("button", name="Add the question").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Dot voting")).check()
    page.get_by_role("button", name="Open voting").click()
    page.get_by_role("button", name="Vote now").click()
    assert_accessible(page)
    page.get_by_label("How might we write letters carers can act on?").fill("3")
    page.get_by_role("button", name="Save my votes").click()
    page.get_by_role("button", name="Sign out").click()

    # The partner votes differently, and the split shows the gap.
    page = signed_in(trio.organisation.memberships.get(user__email="nia@example.com").user, "a-fresh-partner-password")
    page.goto(project_url + "questions/")
    page.get_by_role("button", name="Vote now").click()
    page.get_by_label("How might we write letters carers can act on?").fill("0")
    page.get_by_label("How might we agree the plan before Friday?").fill("3")
    page.get_by_role("button", name="Save my votes").click()
    expect(page.get_by_text("Your votes have been saved")).to_be_visible()
    expect(page.get_by_text("Lived and learnt experience value different things")).to_be_visible()
    assert_accessible(page)

"""An admin opens a self-assessment round; two people with lived experience and two with learnt experience answer
(one partner in the browser, saving a draft first); the results show the perception gap and the placement on the
QI–co-production continuum and the three curves; a gap becomes a commitment. axe-core finds 0 violations on
every page visited, at desktop width and at 320 px."""

from playwright.sync_api import expect

from coqi.assessment.services import rounds as services
from coqi.core.roles import Experience, Role
from tests.assessment.samples import all_ratings
from tests.factories import MembershipFactory, UserFactory
from tests.system.conftest import DESKTOP, sign_in


def test_round_with_two_lived_and_two_learnt_gives_the_gap_and_the_continuum(
    trio, signed_in, live_server, assert_accessible, browser
):
    base = f"{live_server.url}/o/{trio.organisation.slug}"
    page = signed_in(trio.owner)
    page.goto(f"{base}/assessment/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-produced self-assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Open a new round").click()
    assert_accessible(page)
    page.get_by_role("button", name="Open the round").click()  # no name: the error summary
    expect(page.get_by_text("Enter a name for the round").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the round").fill("Spring 2026")
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring 2026")
    assert_accessible(page)
    round_ = trio.organisation.assessment_rounds.get(title="Spring 2026")

    # Three people answer elsewhere: one more with lived experience, two with learnt experience.
    carer, nurse = UserFactory(display_name="Cara Carer"), UserFactory(display_name="Nia Nurse")
    MembershipFactory(organisation=trio.organisation, user=carer, role=Role.LIVED_EXPERIENCE_PARTNER)
    MembershipFactory(organisation=trio.organisation, user=nurse, role=Role.STAFF)
    services.save_response(actor=carer, round=round_, experience=Experience.LIVED, ratings=all_ratings(2), submit=True)
    for person in (trio.member, nurse):
        services.save_response(
            actor=person, round=round_, experience=Experience.LEARNT, ratings=all_ratings(4), submit=True
        )

    # The partner answers in the browser: a draft first, then every statement, then submits.
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    partner_page = context.new_page()
    sign_in(partner_page, live_server, trio.partner)
    partner_page.goto(f"{base}/assessment/rounds/{round_.pk}/")
    assert_accessible(partner_page)
    partner_page.get_by_role("button", name="Answer the self-assessment").click()
    expect(partner_page.get_by_label("Lived experience")).to_be_checked()
    partner_page.locator("input[name='rating_power-hidden'][value='1']").check()
    partner_page.get_by_role("button", name="Save as a draft").click()
    expect(partner_page.get_by_text("Draft saved")).to_be_visible()
    partner_page.get_by_role("button", name="Carry on with your answers").click()
    partner_page.get_by_role("button", name="Submit my answers").click()
    expect(partner_page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(partner_page)
    for statement_id in all_ratings(2):
        partner_page.locator(f"input[name='rating_{statement_id}'][value='2']").check()
    partner_page.get_by_label("Comment (optional)").first.fill("Partners join after the question is set.")
    partner_page.get_by_role("button", name="Submit my answers").click()
    expect(partner_page.get_by_text("your answers are submitted")).to_be_visible()
    context.close()

    page.goto(f"{base}/assessment/rounds/{round_.pk}/")
    page.get_by_role("link", name="See the results and the perception gap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results and the perception gap")
    expect(page.get_by_text("people with lived experience rate it 2.0 lower").first).to_be_visible()
    expect(page.get_by_role("img", name="Where we are on the QI and co-production continuum")).to_be_visible()
    expect(
        page.get_by_role("img", name="The three curves: assurance, improvement and co-produced improvement")
    ).to_be_visible()
    # Ratings of 2 and 4 average exactly the midpoint, 3: on the boundary counts as the higher side (issue 18).
    expect(page.get_by_text("We are placed at Co-produced quality improvement")).to_be_visible()
    expect(page.get_by_text("Partners join after the question is set.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make a commitment about this (Power sharing)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a commitment")
    expect(page.get_by_text("Commitment made about Power sharing")).to_be_visible()
    expect(page.get_by_label("What will be done")).to_contain_text("Close the perception gap on Power sharing")
    assert_accessible(page)
    page.get_by_label("What will be done").fill("Partners shape the options before any decision is drafted.")
    page.get_by_label("Review date").fill("2030-01-31")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commitment")
    expect(page.get_by_role("link", name="Power sharing – Spring 2026")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to commitments").click()
    expect(page.get_by_text("Partners shape the options before any decision is drafted.")).to_be_visible()
    assert_accessible(page)

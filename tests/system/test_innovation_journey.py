"""A staff member shares an innovation with their system; someone in a second organisation of the same system finds
it by search and adopts it, starting a project there; the innovation's journey shows it; the system viewer sees the
system view with the continuum and the shared innovation. axe-core finds 0 violations on every page visited, at
desktop width and at 320 px."""

from playwright.sync_api import expect

from coqi.core.roles import Role
from coqi.innovation.models import Visibility
from tests.factories import MembershipFactory, OrganisationFactory, SystemViewerFactory, UserFactory
from tests.network.conftest import assessed
from tests.system.conftest import DESKTOP, sign_in


def test_an_innovation_shared_with_the_system_is_found_and_adopted_and_the_viewer_sees_the_system(
    trio, signed_in, live_server, assert_accessible, browser
):
    neighbour = OrganisationFactory(name="Neighbour Test Trust", slug="neighbour-test", system=trio.organisation.system)
    nell = UserFactory(email="nell@example.com", display_name="Nell Neighbour")
    MembershipFactory(organisation=neighbour, user=nell, role=Role.STAFF)

    base = f"{live_server.url}/o/{trio.organisation.slug}/innovations"
    page = signed_in(trio.member)
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Innovation library")
    assert_accessible(page)
    page.get_by_role("button", name="Share an innovation").click()
    page.get_by_label("Title").fill("Discharge letters written with patients")
    page.get_by_label("What changed").fill("Patients and carers rewrote the discharge letter with ward staff.")
    page.get_by_label("Why it was needed").fill("Carers went home not knowing when to call for help.")
    page.get_by_label("How you know it worked").fill("Calls to the ward fell from 30 to 12 a month.")
    page.get_by_label("Who co-produced it").fill("Two carers, a ward sister and a pharmacist.")
    page.get_by_label("Setting").select_option("hospital_inpatient")
    page.get_by_label("Co-production as default").check()
    page.get_by_label("Carers", exact=True).check()
    page.get_by_role("button", name="Share the innovation").click()  # no visibility chosen: the error summary
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose who can see this innovation.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Organisations in our system").check()
    page.get_by_role("button", name="Share the innovation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discharge letters written with patients")
    expect(page.get_by_text("Seen by: Organisations in our system")).to_be_visible()
    assert_accessible(page)
    innovation = trio.organisation.innovations.get()
    assert innovation.visibility == Visibility.SYSTEM

    # Someone in a second organisation of the same system finds it and adopts it.
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    other = context.new_page()
    sign_in(other, live_server, nell)
    other.goto(f"{live_server.url}/o/{neighbour.slug}/innovations/")
    other.get_by_label("Search", exact=True).fill("discharge carers")
    other.get_by_label("Critical ingredient").select_option("co_production")
    other.get_by_role("button", name="Search").click()
    expect(other.get_by_role("heading", name="1 innovation found")).to_be_visible()
    assert_accessible(other)
    other.get_by_role("link", name="Discharge letters written with patients").click()
    expect(other.get_by_text(f"Shared by {trio.organisation.name}")).to_be_visible()
    assert_accessible(other)
    other.get_by_role("button", name="Adopt this").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Adopt “Discharge letters written with patients”")
    assert_accessible(other)
    other.get_by_role("button", name="Start the project").click()
    expect(other.get_by_text("Project started from")).to_be_visible()
    project = neighbour.projects.get()
    assert other.url.endswith(f"/o/{neighbour.slug}/projects/{project.pk}/")
    other.goto(f"{live_server.url}/o/{neighbour.slug}/innovations/{innovation.pk}/")
    expect(other.get_by_text("Adopted by Neighbour Test Trust")).to_be_visible()
    expect(other.get_by_role("link", name="What matters")).to_be_visible()  # the project's stage, linked
    assert_accessible(other)
    context.close()

    # The sharer's organisation sees the journey too; widening to everyone asks for confirmation first.
    page.goto(f"{base}/{innovation.pk}/")
    expect(page.get_by_text("Adopted by Neighbour Test Trust")).to_be_visible()
    owner_context = browser.new_context(viewport=DESKTOP)
    owner_page = owner_context.new_page()
    sign_in(owner_page, live_server, trio.owner)
    owner_page.goto(f"{base}/{innovation.pk}/visibility/")
    assert_accessible(owner_page)
    owner_page.get_by_label("Every organisation using Co-QI").check()
    owner_page.get_by_role("button", name="Continue").click()
    expect(owner_page.get_by_role("heading", level=1)).to_have_text(
        "Show “Discharge letters written with patients” to more people?"
    )
    assert_accessible(owner_page)
    owner_page.get_by_role("link", name="No, keep it as it is").click()
    innovation.refresh_from_db()
    assert innovation.visibility == Visibility.SYSTEM
    # The admin chooses how the organisation appears in the system view.
    owner_page.goto(
        f"{live_server.url}/s/{trio.organisation.system.slug}/network/organisations/{trio.organisation.slug}/sharing/"
    )
    assert_accessible(owner_page)
    owner_page.get_by_label("By our name").first.check()
    owner_page.get_by_role("button", name="Save").click()
    expect(owner_page.get_by_text("The system view now shows your organisation by name.")).to_be_visible()
    owner_context.close()

    # The system viewer sees the system view.
    assessed(trio.organisation, lived=2, learnt=4)
    assessed(neighbour, lived=4, learnt=4)
    viewer = SystemViewerFactory(system=trio.organisation.system, user=UserFactory(email="viewer@example.com")).user
    viewer_context = browser.new_context(viewport=DESKTOP)
    viewer_page = viewer_context.new_page()
    sign_in(viewer_page, live_server, viewer)
    viewer_page.goto(f"{live_server.url}/s/{trio.organisation.system.slug}/")
    viewer_page.get_by_role("link", name=f"See {trio.organisation.system.name} together").click()
    expect(viewer_page.get_by_role("heading", level=1)).to_have_text(f"{trio.organisation.system.name} together")
    expect(viewer_page.get_by_role("img", name="Organisations on the QI and co-production continuum")).to_be_visible()
    expect(viewer_page.get_by_role("link", name="Discharge letters written with patients")).to_be_visible()
    assert_accessible(viewer_page)
    viewer_context.close()

"""Members' pages: who sees and does what, the moderation queue, the menu and home-page next step, query counts,
and the public page's "You said, we did" and response times."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from coqi.core.roles import Role
from coqi.ideas import services
from coqi.ideas.models import Idea, IdeaStatus, ResponseStatus
from tests.ideas.samples import open_page, sample_idea

pytestmark = pytest.mark.django_db

BASE = "/o/riverside-test/ideas/"
PUBLIC = "/community/riverside-test/"


def test_outsiders_and_system_viewers_get_404_and_signed_out_people_sign_in(trio, client, client_for):
    from tests.factories import SystemViewerFactory

    idea = sample_idea(trio)
    urls = [
        BASE,
        f"{BASE}public-page/",
        f"{BASE}{idea.pk}/",
        f"{BASE}{idea.pk}/moderate/",
        f"{BASE}{idea.pk}/respond/",
        f"{BASE}{idea.pk}/send/",
    ]
    assert client.get(BASE)["Location"].startswith("/account/sign-in/")
    viewer = SystemViewerFactory(system=trio.organisation.system).user
    for person in [trio.outsider, viewer]:
        signed_in = client_for(person)
        for url in urls:
            assert signed_in.get(url).status_code == 404, url
            assert signed_in.post(url).status_code == 404, url


def test_foreign_and_unknown_ids_are_404(trio, client_for):
    foreign = services.raise_idea(organisation=trio.other_organisation, what="Elsewhere")
    client = client_for(trio.owner)
    for bad in [foreign.pk, 999999, "nope", -1]:
        assert client.get(f"{BASE}{bad}/").status_code == 404
        assert client.post(f"{BASE}{bad}/moderate/", {"decision": "publish"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == IdeaStatus.WAITING


def test_moderation_queue_and_publishing(trio, client_for):
    idea = sample_idea(trio, publish=False, what="Quiet room in A&E please")
    client = client_for(trio.member)  # staff may moderate
    queue = client.get(BASE).content.decode()
    assert "Quiet room in A&amp;E please" in queue and "Waiting for moderation (1)" in queue
    rejected = client.post(f"{BASE}{idea.pk}/moderate/", {"decision": "reject", "reason": ""})
    assert rejected.status_code == 200 and "Say why it will not be published" in rejected.content.decode()
    published = client.post(f"{BASE}{idea.pk}/moderate/", {"decision": "publish"})
    assert published.status_code == 302
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PUBLISHED
    assert "Quiet room" not in client.get(BASE).content.decode()  # the queue is empty now
    assert "Quiet room" in client.get(f"{BASE}?show=published").content.decode()


def test_partners_respond_but_do_not_moderate_or_change_the_page(trio, client_for):
    idea = sample_idea(trio)
    client = client_for(trio.partner)
    assert client.get(BASE).status_code == 200
    page = client.get(f"{BASE}{idea.pk}/").content.decode()
    assert "Publish the response" in page and "Save the decision" not in page
    assert client.post(f"{BASE}{idea.pk}/moderate/", {"decision": "spam"}).status_code == 403
    assert client.get(f"{BASE}public-page/").status_code == 403
    response = client.post(f"{BASE}{idea.pk}/respond/", {"status": "looking", "text": "Taking it to our group."})
    assert response.status_code == 302
    assert idea.responses.get().author_role == "lived experience partner"


def test_cannot_do_this_needs_why(trio, client_for):
    idea = sample_idea(trio)
    response = client_for(trio.member).post(f"{BASE}{idea.pk}/respond/", {"status": "cannot", "text": ""})
    assert response.status_code == 200 and "Say why you can't do this." in html.unescape(response.content.decode())
    assert not idea.responses.exists()


def test_admin_opens_and_closes_the_public_page(trio, client, client_for):
    admin = client_for(trio.owner)
    assert admin.post(f"{BASE}public-page/", {"is_open": "on", "welcome": "Tell us"}).status_code == 302
    admin.logout()
    assert client.get(PUBLIC).status_code == 200
    admin = client_for(trio.owner)
    assert admin.post(f"{BASE}public-page/", {}).status_code == 302
    admin.logout()
    assert client.get(PUBLIC).status_code == 404


def test_send_an_idea_to_a_project(trio, client_for):
    from tests.improvement.helpers import make_project

    project = make_project(trio.organisation, title="Better signs")
    idea = sample_idea(trio)
    client = client_for(trio.member)
    assert "Send to the project" in client.get(f"{BASE}{idea.pk}/").content.decode()
    response = client.post(f"{BASE}{idea.pk}/send/", {"project": project.pk, "theme": "Finding the way"})
    assert response.status_code == 302
    assert project.feedback_themes.get().name == "Finding the way"
    idea.refresh_from_db()
    assert idea.project == project


def test_menu_and_next_step_for_moderators_only(trio, client_for):
    sample_idea(trio, publish=False)
    sample_idea(trio, publish=False)
    home = client_for(trio.member).get("/o/riverside-test/").content.decode()
    assert "2 community ideas waiting for moderation" in home and "Community ideas" in home
    partner_home = client_for(trio.partner).get("/o/riverside-test/").content.decode()
    assert "waiting for moderation" not in partner_home and "Community ideas" in partner_home


def _many_answered_ideas(trio, count):
    now = timezone.now()
    for n in range(count):
        idea = sample_idea(trio, what=f"Idea {n}", at=now - timedelta(days=40 + n))
        services.respond(
            actor=trio.member,
            idea=idea,
            status=ResponseStatus.DONE,
            text=f"Did {n}",
            role=Role.STAFF,
            at=idea.raised_at + timedelta(days=n + 1),
        )


def test_public_page_shows_you_said_we_did_and_response_times(trio, client, client_for):
    open_page(trio)
    _many_answered_ideas(trio, 3)  # first responses after 1, 2 and 3 days
    sample_idea(trio, publish=False, what="Not yet moderated")
    page = client.get(PUBLIC).content.decode()
    assert "You said, we did" in page and "Idea 1" in page and "Did 1" in page and "We did this" in page
    assert "Not yet moderated" not in page
    assert "within <strong>2 days</strong>" in page and "<strong>100%</strong>" in page
    assert "Mo Member" not in page and "member@example.com" not in page  # roles, never names
    members = client_for(trio.partner).get(BASE).content.decode()
    assert "Median time to a first response: <strong>2 days</strong>; 100% answered within 30 days" in members


def test_list_pages_have_a_fixed_number_of_queries(trio, client, client_for, django_assert_max_num_queries):
    open_page(trio)
    _many_answered_ideas(trio, 12)
    with django_assert_max_num_queries(6):
        assert client.get(PUBLIC).status_code == 200
    member = client_for(trio.member)
    with django_assert_max_num_queries(15):
        assert member.get(f"{BASE}?show=all").status_code == 200
    assert Idea.objects.count() == 12

"""A person's own pages: My involvement brings together what is coming up, projects, claims, learning,
opportunities, details, consent and data; only their own; withdrawing consent; in few queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from coqi.core.roles import Role
from coqi.partners import services
from coqi.partners.selectors import profiles as selectors
from coqi.projects.choices import ActivityKind, Rung, TeamRole
from coqi.projects.services import activities as activity_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services
from tests.factories import MembershipFactory, UserFactory
from tests.learning.samples import sample_event, sample_opportunity
from tests.partners.samples import sample_consent
from tests.payments.helpers import activity, rate_card

pytestmark = pytest.mark.django_db
BASE = "/o/riverside-test/partners/"
INVOLVEMENT = "/o/riverside-test/involvement/"
TODAY = date.today()


def _project_with(trio, *, partner_on_team=True):
    project = project_services.create_project(
        actor=trio.member,
        organisation=trio.organisation,
        title="Discharge letters",
        description="",
        creator_role=TeamRole.STAFF_PARTNER,
        creator_role_description="Ward nurse",
    )
    if partner_on_team:
        team_services.add_team_member(
            actor=trio.member,
            project=project,
            person=trio.partner,
            role=TeamRole.LIVED_EXPERIENCE_PARTNER,
            role_description="Carer",
        )
    return project


def test_organisation_wide_activities_planned_ahead_are_coming_up_for_everyone(trio):
    planned = activity(trio, title="Next partners' forum", held_on=TODAY + timedelta(days=10), attendees=[])
    rows = selectors.upcoming_activities(organisation=trio.organisation, person=trio.partner)
    assert rows == [planned] and not rows[0].attending
    # Once its day has passed it is no longer coming up.
    assert (
        selectors.upcoming_activities(
            organisation=trio.organisation, person=trio.partner, today=TODAY + timedelta(days=11)
        )
        == []
    )


def test_upcoming_activities_are_mine_or_my_teams_and_today_or_later(trio):
    project = _project_with(trio)
    forum = activity(trio, title="Forum today", held_on=TODAY)
    team_meeting = activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind=ActivityKind.MEETING,
        title="Team meeting today",
        held_on=TODAY,
        hours="1",
        rung=Rung.CO_DESIGN,
        attendees=[trio.member],
    )
    activity(trio, title="Last week's forum", held_on=TODAY - timedelta(days=7))
    activity(trio, title="Not mine", held_on=TODAY, attendees=[trio.member])
    rows = selectors.upcoming_activities(organisation=trio.organisation, person=trio.partner)
    assert [(a.title, a.attending) for a in rows] == [(forum.title, True), (team_meeting.title, False)]
    # A later day: today's are no longer upcoming.
    assert (
        selectors.upcoming_activities(
            organisation=trio.organisation, person=trio.partner, today=TODAY + timedelta(days=1)
        )
        == []
    )


def test_my_involvement_shows_everything_about_me(trio, client_for):
    project = _project_with(trio)
    rate_card(trio)
    activity(trio, title="Forum today", held_on=TODAY)
    activity(trio, title="Listening event", held_on=TODAY - timedelta(days=4))  # payments makes the line
    sample_event(trio, title="PDSA cycles", attendees=[trio.partner, trio.member])
    sample_opportunity(trio, title="Co-chair the patient safety group", offered_to=[trio.partner])
    services.save_profile(
        actor=trio.partner, organisation=trio.organisation, person=trio.partner, skills="Listening and writing"
    )
    consent = sample_consent(trio)
    page = client_for(trio.partner).get(INVOLVEMENT).content.decode()
    for expected in [
        "My involvement",
        "Forum today",
        "Today",
        "You are on the list to attend",
        project.title,
        "Involvement payment for Listening event",
        "Waiting for approval",
        "PDSA cycles",
        "1 learning event",
        "Co-chair the patient safety group",
        "I am interested",
        "Listening and writing",
        "Change my details",
        consent.what,
        "Withdraw",
    ]:
        assert expected in page, expected
    assert "Download my data" in page and f'href="{reverse("rights:mine")}"' in page  # the download is a POST there


def test_only_my_own_things_show(trio, client_for):
    sample_event(trio, title="Staff learning", attendees=[trio.member])
    sample_opportunity(trio, title="Staff secondment", offered_to=[trio.member])
    activity(trio, title="Someone else's forum", held_on=TODAY, attendees=[trio.member])
    page = client_for(trio.partner).get(INVOLVEMENT).content.decode()
    assert "Staff learning" not in page and "Staff secondment" not in page and "Someone else's forum" not in page
    assert "No learning events recorded for you yet" in page


def test_staff_have_the_page_and_a_profile_too(trio, client_for):
    client = client_for(trio.member)
    assert client.get(INVOLVEMENT).status_code == 200
    response = client.post(f"{BASE}profile/?from=involvement", {"skills": "Run charts", "interests": "Falls"})
    assert response.status_code == 302 and response["Location"].endswith("/involvement/")
    assert "Run charts" in client.get(INVOLVEMENT).content.decode()


def test_withdraw_my_consent_after_being_asked(trio, client_for):
    consent = sample_consent(trio)
    client = client_for(trio.partner)
    url = f"{BASE}profile/consents/{consent.pk}/withdraw/"
    assert "Withdraw your consent" in client.get(url).content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/involvement/#consent")
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    page = client.get(INVOLVEMENT).content.decode()
    assert "You withdrew it on" in page
    again = client.post(url).content.decode()
    assert "already been withdrawn" in again


def test_someone_elses_consent_is_404_unless_facilitator_or_admin(trio, client_for):
    consent = sample_consent(trio)
    url = f"{BASE}profile/consents/{consent.pk}/withdraw/"
    assert client_for(trio.member).get(url).status_code == 404
    assert client_for(trio.member).post(url).status_code == 404
    assert client_for(trio.partner).get(f"{BASE}profile/consents/nope/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    # An admin records a withdrawal the partner asked for by phone, and goes back to the partner's profile.
    admin = client_for(trio.owner)
    assert "Withdraw Pat Partner's consent" in admin.get(url).content.decode()
    response = admin.post(url)
    assert response.status_code == 302 and response["Location"].endswith(f"/partners/profiles/{trio.partner.pk}/")
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


def test_outsider_gets_404(trio, client_for):
    assert client_for(trio.outsider).get(INVOLVEMENT).status_code == 404


def test_menu_and_home_page_point_partners_to_it(trio, client_for):
    home = client_for(trio.partner).get("/o/riverside-test/").content.decode()
    assert INVOLVEMENT in home and "My involvement" in home


def test_my_involvement_in_few_queries(trio, client_for, django_assert_max_num_queries):
    rate_card(trio)
    for n in range(8):
        project = project_services.create_project(
            actor=trio.member,
            organisation=trio.organisation,
            title=f"Project {n}",
            description="",
            creator_role=TeamRole.STAFF_PARTNER,
            creator_role_description="Nurse",
        )
        team_services.add_team_member(
            actor=trio.member,
            project=project,
            person=trio.partner,
            role=TeamRole.LIVED_EXPERIENCE_PARTNER,
            role_description="Carer",
        )
        activity(trio, title=f"Forum {n}", held_on=TODAY - timedelta(days=n + 1))
        activity(trio, title=f"Today {n}", held_on=TODAY)
        sample_event(trio, title=f"Learning {n}", attendees=[trio.partner])
        sample_opportunity(trio, title=f"Opportunity {n}", offered_to=[trio.partner])
        sample_consent(trio, what=f"Consent {n}")
    other = UserFactory()
    MembershipFactory(organisation=trio.organisation, user=other, role=Role.LIVED_EXPERIENCE_PARTNER)
    client = client_for(trio.partner)
    with django_assert_max_num_queries(30):
        page = client.get(INVOLVEMENT).content.decode()
    assert "Project 7" in page and "Today 7" in page and "Learning 7" in page and "Opportunity 7" in page


def test_facilitator_records_consent_the_partner_then_sees(trio, client_for):
    admin = client_for(trio.owner)
    url = f"{BASE}profiles/{trio.partner.pk}/consents/new/"
    assert "Record something Pat Partner agreed to" in admin.get(f"{BASE}profiles/{trio.partner.pk}/").content.decode()
    bad = admin.post(url, {"what": "", "agreed_on": (TODAY + timedelta(days=1)).isoformat()}).content.decode()
    assert "There is a problem" in bad
    response = admin.post(url, {"what": "Photo on the noticeboard", "agreed_on": TODAY.isoformat()})
    assert response.status_code == 302 and response["Location"].endswith(f"/partners/profiles/{trio.partner.pk}/")
    assert "Photo on the noticeboard" in client_for(trio.partner).get(INVOLVEMENT).content.decode()
    assert client_for(trio.member).get(url).status_code == 403
    assert client_for(trio.owner).get(f"{BASE}profiles/{trio.outsider.pk}/consents/new/").status_code == 404

"""Project pages: who reaches what, outsiders get 404 everywhere, forms save through services, few queries."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver

from coqi.core.concurrency import UNCHECKED
from coqi.core.models import AuditEvent
from coqi.core.roles import Role
from coqi.projects.choices import ActivityKind, Rung, TeamRole
from coqi.projects.models import Activity, ImprovementQuestion, Project, Story, Vote
from coqi.projects.services import activities as activity_services
from coqi.projects.services import decisions as decision_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services
from tests.factories import MembershipFactory, UserFactory
from tests.projects.samples import sample_ids, sample_project

pytestmark = pytest.mark.django_db

OWN_AREAS = ("improvement/", "measures/")  # other areas' sub-pages test their own ids


def _project_routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    routes = []
    for route in walk(get_resolver().url_patterns):
        if not route.startswith("o/<slug:org_slug>/"):
            continue
        rest = route[len("o/<slug:org_slug>/") :]
        if rest.startswith("activities/") or (
            rest.startswith("projects/") and not any(f"/{area}" in rest for area in OWN_AREAS)
        ):
            routes.append(route)
    return routes


def _fill(route, slug, ids):
    values = {"org_slug": slug, **ids}
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(values[m.group(2)]), route)


@pytest.fixture
def ids(trio):
    return sample_ids(trio)


def test_every_project_url_is_walked():
    assert len(_project_routes()) >= 30


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_every_project_url(trio, ids, client_for, method):
    client = client_for(trio.outsider)
    for route in _project_routes():
        url = _fill(route, trio.organisation.slug, ids)
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"


@pytest.mark.parametrize("who", ["owner", "member", "partner"])
def test_members_reach_every_project_page(trio, ids, client_for, who):
    client = client_for(getattr(trio, who))
    for route in _project_routes():
        url = _fill(route, trio.organisation.slug, ids)
        response = client.get(url)
        allowed = (200, 405) if who != "partner" else (200, 403, 405)
        assert response.status_code in allowed, f"{who} GET {url} gave {response.status_code}"


def test_foreign_and_unknown_ids_are_404(trio, ids, client_for):
    elsewhere = project_services.create_project(
        actor=trio.outsider, organisation=trio.other_organisation, title="Theirs"
    )
    client = client_for(trio.owner)
    slug = trio.organisation.slug
    for bad in [999999, "abc", -1, elsewhere.pk]:
        assert client.get(f"/o/{slug}/projects/{bad}/").status_code == 404
        assert client.get(f"/o/{slug}/projects/{bad}/team/").status_code == 404
    pid = ids["project_id"]
    for part in [
        "team/999999/",
        "activities/999999/",
        "what-matters/stories/999999/",
        "decisions/999999/",
        "prioritise/999999/vote/",
    ]:
        assert client.get(f"/o/{slug}/projects/{pid}/{part}").status_code == 404, part
    # an id of this organisation's other project's record is not found under this project
    other = project_services.create_project(actor=trio.owner, organisation=trio.organisation, title="Other")
    assert client.get(f"/o/{slug}/projects/{other.pk}/decisions/{ids['decision_id']}/").status_code == 404
    # and an organisation-wide activity id of another organisation is not found either
    theirs = activity_services.record_activity(
        actor=trio.outsider,
        organisation=trio.other_organisation,
        kind="event",
        title="Theirs",
        held_on=date.today(),
        hours=1,
        rung="informing",
    )
    assert client.get(f"/o/{slug}/activities/{theirs.pk}/").status_code == 404


def test_system_viewer_reads_but_cannot_write(trio, ids, client_for):
    from tests.factories import SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    client = client_for(viewer)
    slug, pid = trio.organisation.slug, ids["project_id"]
    assert client.get(f"/o/{slug}/projects/{pid}/").status_code == 200
    assert client.get(f"/o/{slug}/projects/{pid}/profile/").status_code == 200
    assert client.get(f"/o/{slug}/projects/{pid}/edit/").status_code == 404
    assert client.post(f"/o/{slug}/projects/{pid}/reflections/", {"prompt": "open", "text": "x"}).status_code == 403
    assert client.get(f"/o/{slug}/projects/new/").status_code == 404


def test_partner_not_on_team_cannot_edit_but_team_partner_can(trio, ids, client_for):
    slug, pid = trio.organisation.slug, ids["project_id"]
    outsider_partner = UserFactory(display_name="Nadia Not-on-team")
    MembershipFactory(organisation=trio.organisation, user=outsider_partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    assert client_for(outsider_partner).get(f"/o/{slug}/projects/{pid}/activities/new/").status_code == 403
    client = client_for(trio.partner)  # on the team
    assert client.get(f"/o/{slug}/projects/{pid}/activities/new/").status_code == 200
    # but inviting someone new into the organisation needs an organisation-wide role
    assert client.get(f"/o/{slug}/projects/{pid}/team/invite/").status_code == 403


def test_start_a_project_and_join_its_team(trio, client_for):
    client = client_for(trio.member)
    response = client.post(
        f"/o/{trio.organisation.slug}/projects/new/",
        {
            "title": "Kinder discharge",
            "description": "",
            "your_role": TeamRole.FACILITATOR,
            "your_role_description": "Keeps us on track",
        },
    )
    project = trio.organisation.projects.get(title="Kinder discharge")
    assert response.status_code == 302 and response["Location"].endswith(f"/projects/{project.pk}/")
    assert project.members.get().person == trio.member
    page = client.get(response["Location"]).content.decode()
    assert "Kinder discharge" in page and "No activities are recorded yet" in page


def test_start_a_project_shows_errors_by_the_field(trio, client_for):
    client = client_for(trio.member)
    response = client.post(f"/o/{trio.organisation.slug}/projects/new/", {"title": "", "your_role": "carer"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title for the project" in page and "Describe your role on the team" in page
    assert "<title>Error: " in page
    assert not Project.objects.exists()


def test_first_activity_without_partner_is_flagged_on_the_project_page(trio, client_for):
    project = project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Falls")
    team_services.add_team_member(
        actor=trio.member,
        project=project,
        person=trio.partner,
        role=TeamRole.LIVED_EXPERIENCE_PARTNER,
        role_description="Patient",
        joined_on=date.today() - timedelta(days=2),
    )
    activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind=ActivityKind.MEETING,
        title="Kick-off",
        held_on=date.today() - timedelta(days=20),
        hours=1,
        rung=Rung.INFORMING,
        attendees=[trio.member],
    )
    page = client_for(trio.partner).get(f"/o/{trio.organisation.slug}/projects/{project.pk}/").content.decode()
    assert "Partnership from the first conversation: not met" in page
    assert "Kick-off" in page
    assert "Pat Partner" in page and "weeks after the first activity" in page


def test_record_activity_form_saves_attendance(trio, client_for):
    made = sample_project(trio)
    project = made["project"]
    client = client_for(trio.member)
    response = client.post(
        f"/o/{trio.organisation.slug}/projects/{project.pk}/activities/new/",
        {
            "kind": "workshop",
            "title": "Mapping the journey",
            "held_on": date.today().isoformat(),
            "hours": "2.5",
            "rung": "co_production",
            "attendees": [trio.member.pk, trio.partner.pk],
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = project.activities.get(title="Mapping the journey")
    assert {a.person for a in activity.attendances.all()} == {trio.member, trio.partner}


def test_edit_conflict_shows_a_clear_message_and_the_latest_version(trio, client_for):
    project = project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Original")
    stale = project.version
    project_services.update_project(
        actor=trio.owner, project=project, version=stale, title="Changed by Olive", description=""
    )
    response = client_for(trio.member).post(
        f"/o/{trio.organisation.slug}/projects/{project.pk}/edit/",
        {"title": "Changed by Mo", "description": "", "version": stale},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this project while you were editing it" in page
    assert 'value="Changed by Olive"' in page
    project.refresh_from_db()
    assert project.title == "Changed by Olive"


def test_story_form_redacts_and_records_consent(trio, client_for):
    project = sample_project(trio)["project"]
    response = client_for(trio.partner).post(
        f"/o/{trio.organisation.slug}/projects/{project.pk}/what-matters/stories/new/",
        {
            "title": "Going home",
            "text": "Call my daughter Jane Smith on 07700 900123 please.",
            "told_by": "a carer",
            "consent_given_by": "The storyteller",
            "consent_scope": "Team only",
            "consent_given_on": date.today().isoformat(),
            "consent_confirmed": "on",
        },
    )
    assert response.status_code == 302
    story = project.stories.get(title="Going home")
    assert "07700 900123" not in story.text and story.redactions >= 1


def test_story_needs_consent_confirmed(trio, client_for):
    project = sample_project(trio)["project"]
    before = Story.objects.count()
    response = client_for(trio.partner).post(
        f"/o/{trio.organisation.slug}/projects/{project.pk}/what-matters/stories/new/",
        {
            "title": "x",
            "text": "y",
            "consent_given_by": "z",
            "consent_scope": "team",
            "consent_given_on": date.today().isoformat(),
        },
    )
    assert "Confirm that the storyteller gave consent" in response.content.decode()
    assert Story.objects.count() == before


def test_partner_votes_and_sees_results_split(trio, client_for):
    made = sample_project(trio)
    project, round_ = made["project"], made["prioritisation"]
    questions = list(project.questions.order_by("id"))
    client = client_for(trio.partner)
    url = f"/o/{trio.organisation.slug}/projects/{project.pk}/prioritise/{round_.pk}/vote/"
    assert "You have <strong>3 dots</strong>" in client.get(url).content.decode()
    response = client.post(url, {f"q{questions[0].pk}": "3", f"q{questions[1].pk}": "0"})
    assert response.status_code == 302
    assert Vote.objects.get(voter=trio.partner).dots == 3
    too_many = client.post(url, {f"q{questions[0].pk}": "3", f"q{questions[1].pk}": "2"})
    assert "You have 3 dots; you placed 5" in too_many.content.decode()
    page = client.get(f"/o/{trio.organisation.slug}/projects/{project.pk}/questions/").content.decode()
    assert "1 person with lived experience and 0 with learnt experience" in page


def test_invite_a_new_partner_onto_the_team_who_then_joins(trio, client_for, django_capture_on_commit_callbacks):
    project = sample_project(trio)["project"]
    client = client_for(trio.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{trio.organisation.slug}/projects/{project.pk}/team/invite/",
            {"email": "new.partner@example.com", "role": TeamRole.CARER, "role_description": "Cares for her dad"},
        )
    assert response.status_code == 302
    assert (
        "new.partner@example.com"
        in client.get(f"/o/{trio.organisation.slug}/projects/{project.pk}/team/").content.decode()
    )
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    client.logout()
    path = "/" + link.split("/", 3)[3]
    client.post(
        path,
        {
            "display_name": "Nia New",
            "password": "a-fresh-partner-password",
            "password_again": "a-fresh-partner-password",
        },
    )
    member = project.members.get(person__email="new.partner@example.com")
    assert member.role == TeamRole.CARER and member.role_description == "Cares for her dad"
    assert AuditEvent.objects.filter(action="project.member_joined").exists()


def test_decision_with_dissent_and_later_dissent(trio, client_for):
    made = sample_project(trio)
    project = made["project"]
    client = client_for(trio.member)
    partner_place = made["member"]
    response = client.post(
        f"/o/{trio.organisation.slug}/projects/{project.pk}/decisions/new/",
        {
            "question": "Visiting times?",
            "options": "Open\nFixed",
            "method": "vote",
            "rung": "co_production",
            "decided_on": date.today().isoformat(),
            "present": [partner_place.pk],
            "others_present": "2 nurses",
            "outcome": "Open visiting",
            "dissent_name": "Mo",
            "dissent_words": "I worry about quiet time.",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "I worry about quiet time." in page and "Lived experience partners, carers and community members: 1" in page
    decision = project.decisions.get(question="Visiting times?")
    client_for(trio.partner).post(response["Location"], {"name": "", "in_their_words": "Evenings matter to us."})
    assert decision.dissents.filter(person=trio.partner, in_their_words="Evenings matter to us.").exists()


def test_reflection_with_a_seed_prompt(trio, client_for):
    project = sample_project(trio)["project"]
    url = f"/o/{trio.organisation.slug}/projects/{project.pk}/reflections/"
    page = client_for(trio.partner).get(url).content.decode()
    assert "Being comfortable with the uncomfortable" in page and "Identify and explore hidden power" in page
    client_for(trio.partner).post(url, {"prompt": "hidden_power", "text": "The agenda was set before we came."})
    assert "The agenda was set before we came." in client_for(trio.member).get(url).content.decode()


def test_celebration_page_shows_who_made_it_happen(trio, client_for):
    made = sample_project(trio)
    project = made["project"]
    project_services.change_stage(actor=trio.member, project=project, version=project.version, stage="celebrate")
    decision_services.record_what_changed(
        actor=trio.member, project=project, version=UNCHECKED, what_changed="Fewer falls."
    )
    page = (
        client_for(trio.partner).get(f"/o/{trio.organisation.slug}/projects/{project.pk}/celebrate/").content.decode()
    )
    assert "Fewer falls." in page and "Pat Partner" in page and "Mo Member" in page


def test_organisation_activity_outside_projects(trio, client_for):
    client = client_for(trio.member)
    response = client.post(
        f"/o/{trio.organisation.slug}/activities/new/",
        {
            "kind": "event",
            "title": "Partners' forum",
            "held_on": date.today().isoformat(),
            "hours": "2",
            "rung": "engagement",
            "attendees": [trio.partner.pk],
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Partners' forum")
    assert activity.project is None and activity.attendances.get().person == trio.partner
    assert "Partners&#39; forum" in client.get(f"/o/{trio.organisation.slug}/activities/").content.decode()
    # partners may look but not record organisation-wide activities
    assert client_for(trio.partner).get(f"/o/{trio.organisation.slug}/activities/new/").status_code == 403


def test_partner_home_has_my_projects_in_plain_english(trio, client_for):
    page = client_for(trio.partner).get(f"/o/{trio.organisation.slug}/").content.decode()
    assert "My projects" in page
    staff_page = client_for(trio.member).get(f"/o/{trio.organisation.slug}/").content.decode()
    assert "Start a project" in staff_page


def test_project_list_and_page_queries_do_not_grow_with_data(trio, client_for, django_assert_max_num_queries):
    client = client_for(trio.member)
    slug = trio.organisation.slug
    made = sample_project(trio)
    for n in range(8):
        project = project_services.create_project(
            actor=trio.member,
            organisation=trio.organisation,
            title=f"Project {n}",
            creator_role=TeamRole.STAFF_PARTNER,
            creator_role_description="Staff",
        )
        for k in range(3):
            person = UserFactory()
            MembershipFactory(organisation=trio.organisation, user=person, role=Role.LIVED_EXPERIENCE_PARTNER)
            team_services.add_team_member(
                actor=trio.member, project=project, person=person, role=TeamRole.CARER, role_description="Carer"
            )
            activity_services.record_activity(
                actor=trio.member,
                organisation=trio.organisation,
                project=made["project"],
                kind="meeting",
                title=f"M{n}{k}",
                held_on=date.today(),
                hours=1,
                rung="engagement",
                attendees=[person, trio.member],
            )
    with django_assert_max_num_queries(14):
        assert client.get(f"/o/{slug}/projects/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/o/{slug}/projects/{made['project'].pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/o/{slug}/projects/{made['project'].pk}/profile/").status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(f"/o/{slug}/projects/{made['project'].pk}/activities/").status_code == 200
    for part, most in [("team/", 19), ("questions/", 23), ("decisions/", 17), ("what-matters/", 18)]:
        with django_assert_max_num_queries(most):
            assert client.get(f"/o/{slug}/projects/{made['project'].pk}/{part}").status_code == 200
    assert ImprovementQuestion.objects.count() >= 2


def test_story_can_be_removed_when_consent_is_withdrawn(trio, ids, client_for):
    url = f"/o/{trio.organisation.slug}/projects/{ids['project_id']}/what-matters/stories/{ids['story_id']}/"
    page = client_for(trio.partner).get(url).content.decode()
    assert "Consent withdrawn: remove this story" in page
    assert client_for(trio.partner).post(url + "withdraw/").status_code == 302
    assert client_for(trio.partner).get(url).status_code == 404


def test_project_page_tells_team_members_when_voting_is_open(trio, ids, client_for):
    url = f"/o/{trio.organisation.slug}/projects/{ids['project_id']}/"
    assert "Vote on the questions" in client_for(trio.partner).get(url).content.decode()
    assert "Vote on the questions" not in client_for(trio.owner).get(url).content.decode()  # not on the team


def test_start_a_project_without_joining_its_team(trio, client_for):
    client = client_for(trio.owner)
    empty = client.post(f"/o/{trio.organisation.slug}/projects/new/", {"title": "Sponsored"}).content.decode()
    assert "Choose your role on the team, or that you are not joining it" in empty
    response = client.post(
        f"/o/{trio.organisation.slug}/projects/new/", {"title": "Sponsored", "your_role": "not_joining"}
    )
    assert response.status_code == 302
    assert not trio.organisation.projects.get(title="Sponsored").members.exists()


def _stale_posts(trio, sample):
    """For each versioned edit page: a change someone else saves first, then the stale form's post."""
    project, member, activity = sample["project"], sample["member"], sample["activity"]
    base = f"/o/{trio.organisation.slug}/projects/{project.pk}/"
    today = date.today()
    activity_form = {
        "kind": "meeting",
        "title": "Stale title",
        "held_on": activity.held_on.isoformat(),
        "hours": "2",
        "rung": "co_design",
        "attendees": [trio.member.pk],
        "notes": "",
    }
    return [
        (
            lambda: project_services.change_stage(actor=trio.owner, project=project, version=UNCHECKED, stage="plan"),
            base + "stage/",
            {"stage": "celebrate"},
            project,
            'value="plan" checked',
            "project",
        ),
        (
            lambda: decision_services.record_what_changed(
                actor=trio.owner, project=project, version=UNCHECKED, what_changed="Olive's words"
            ),
            base + "celebrate/edit/",
            {"what_changed": "Mo's words"},
            project,
            "Olive&#39;s words",
            "celebration",
        ),
        (
            lambda: team_services.update_team_member(
                actor=trio.owner,
                member=member,
                version=UNCHECKED,
                role="carer",
                role_description="Olive's description",
                joined_on=today,
            ),
            base + f"team/{member.pk}/",
            {"role": "staff_partner", "role_description": "Mo's", "joined_on": today.isoformat()},
            member,
            "Olive&#39;s description",
            "team member",
        ),
        (
            lambda: activity_services.update_activity(
                actor=trio.owner,
                activity=activity,
                version=UNCHECKED,
                kind="meeting",
                title="Olive's title",
                held_on=activity.held_on,
                hours="2",
                rung="co_design",
                notes="",
                attendees=[trio.member],
            ),
            base + f"activities/{activity.pk}/",
            activity_form,
            activity,
            "Olive&#39;s title",
            "activity",
        ),
    ]


def test_every_versioned_edit_page_refuses_a_stale_form_and_shows_the_latest(trio, client_for):
    sample = sample_project(trio)
    client = client_for(trio.member)
    for change_first, url, data, item, latest, what in _stale_posts(trio, sample):
        stale_version = type(item).objects.get(pk=item.pk).version
        change_first()
        response = client.post(url, {**data, "version": stale_version})
        page = response.content.decode()
        assert response.status_code == 200, url
        assert f"Someone else changed this {what} while you were editing it" in page, url
        assert latest in page, url
        assert f'name="version" value="{stale_version + 1}"' in page, url
        assert type(item).objects.get(pk=item.pk).version == stale_version + 1, url

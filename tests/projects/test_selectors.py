"""Project selectors on known data: the first-conversation flag, the joined timeline, the vote split, the profile."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from coqi.core.roles import Role
from coqi.projects import registry
from coqi.projects.choices import Rung, TeamRole, VotingMethod
from coqi.projects.selectors import activities as activity_selectors
from coqi.projects.selectors import decisions as decision_selectors
from coqi.projects.selectors import projects as project_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.selectors import voting as voting_selectors
from coqi.projects.services import activities as activity_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services
from coqi.projects.services import voting as voting_services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = date(2025, 1, 15)  # a fixed first-activity date, in the first quarter of 2025


@pytest.fixture
def project(trio):
    return project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Waiting times")


def _activity(trio, project, *, on, rung="engagement", people=(), hours="2", title="Meeting"):
    return activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind="meeting",
        title=title,
        held_on=on,
        hours=hours,
        rung=rung,
        attendees=list(people),
    )


def _join(trio, project, person, role, on):
    return team_services.add_team_member(
        actor=trio.member, project=project, person=person, role=role, role_description="On the team", joined_on=on
    )


def test_project_for_is_404_for_other_organisations_and_junk(trio, project):
    assert project_selectors.project_for(organisation=trio.organisation, project_id=str(project.pk)) == project
    for bad in [project.pk + 1000, "x", None, 0, -3, "1e3", 2**70]:
        with pytest.raises(Http404):
            project_selectors.project_for(organisation=trio.organisation, project_id=bad)
    with pytest.raises(Http404):
        project_selectors.project_for(organisation=trio.other_organisation, project_id=project.pk)


def test_no_activity_yet_is_not_flagged(project):
    check = team_selectors.partnership_from_first_conversation(project=project)
    assert not check.has_started and not check.flagged


def test_first_activity_without_a_lived_experience_partner_is_flagged(trio, project):
    _join(trio, project, trio.member, TeamRole.STAFF_PARTNER, D)
    _join(trio, project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER, D + timedelta(days=21))
    first = _activity(trio, project, on=D, people=[trio.member], title="Kick-off")
    _activity(trio, project, on=D + timedelta(days=30), people=[trio.member, trio.partner])
    check = team_selectors.partnership_from_first_conversation(project=project)
    assert check.first_activity == first and check.flagged and check.lived_experience_present == []


def test_first_activity_with_a_partner_is_not_flagged_even_if_recorded_later(trio, project):
    _activity(trio, project, on=D + timedelta(days=5), people=[trio.member])
    _activity(trio, project, on=D, people=[trio.partner, trio.member], title="Earlier, recorded second")
    check = team_selectors.partnership_from_first_conversation(project=project)
    assert check.first_activity.title == "Earlier, recorded second"
    assert not check.flagged and check.lived_experience_present == ["Pat Partner"]


def test_a_staff_member_in_a_partner_role_on_this_team_counts_as_lived_experience(trio, project):
    # Experience comes from the role on the team: a nurse who is also a carer can join as a carer.
    _join(trio, project, trio.member, TeamRole.CARER, D)
    _activity(trio, project, on=D, people=[trio.member])
    assert not team_selectors.partnership_from_first_conversation(project=project).flagged


def test_timeline_says_when_each_person_joined_relative_to_the_first_activity(trio, project):
    _join(trio, project, trio.member, TeamRole.FACILITATOR, D - timedelta(days=10))
    _join(trio, project, trio.owner, TeamRole.EXECUTIVE_SPONSOR, D)
    _join(trio, project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER, D + timedelta(days=91))
    _activity(trio, project, on=D, people=[trio.member])
    rows = {row.member.person: row for row in team_selectors.team_timeline(project=project)}
    assert rows[trio.member].relative == "10 days before the first activity"
    assert rows[trio.member].days_from_first == -10 and rows[trio.member].at_first_activity
    assert rows[trio.owner].relative == "On the day of the first activity" and not rows[trio.owner].at_first_activity
    assert rows[trio.partner].relative == "3 months after the first activity" and rows[trio.partner].joined_late


@pytest.mark.parametrize(
    "days, text",
    [
        (1, "1 day after"),
        (-1, "1 day before"),
        (13, "13 days after"),
        (14, "2 weeks after"),
        (45, "6 weeks after"),
        (-400, "13 months before"),
    ],
)
def test_relative_wording(days, text):
    assert team_selectors.relative_to_first(D + timedelta(days=days), D).startswith(text)


def test_profile_figures_on_known_data(trio, project):
    staff2 = UserFactory(display_name="Second Staff")
    MembershipFactory(organisation=trio.organisation, user=staff2, role=Role.STAFF)
    _join(trio, project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER, D)
    # Q1 2025: two activities, one with the partner; Q2 2025: one co-production workshop with the partner.
    _activity(trio, project, on=D, rung=Rung.INFORMING, people=[trio.member, staff2], hours="1")
    _activity(
        trio, project, on=D + timedelta(days=20), rung=Rung.CONSULTATION, people=[trio.member, trio.partner], hours="2"
    )
    _activity(trio, project, on=date(2025, 5, 1), rung=Rung.CO_PRODUCTION, people=[trio.partner, staff2], hours="3")
    profile = activity_selectors.coproduction_profile(project=project)
    assert profile.activity_count == 3 and profile.with_partners == 2
    assert profile.share_with_partners == pytest.approx(2 / 3)
    assert profile.partner_hours == Decimal("5") and profile.staff_hours == Decimal("7")  # 1+1 + 2 + 3
    assert profile.partner_people == 1
    assert profile.partner_hours_share == pytest.approx(5 / 12)
    assert profile.highest_rung_share == pytest.approx(1 / 3)
    assert [p.label for p in profile.periods] == ["January to March 2025", "April to June 2025"]
    q1, q2 = profile.periods
    assert q1.rung_counts == {"informing": 1, "consultation": 1} and q1.with_partners == 1
    assert q1.partner_hours == Decimal("2") and q2.partner_hours == Decimal("3")
    assert [(s[0], s[3], s[4]) for s in q1.segments] == [("informing", 0.0, 50.0), ("consultation", 50.0, 50.0)]
    assert dict((value, count) for value, _, count in profile.rungs)["co_production"] == 1


def test_profile_ignores_organisation_wide_activities(trio, project):
    activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        kind="event",
        title="Forum",
        held_on=D,
        hours=2,
        rung="engagement",
        attendees=[trio.partner],
    )
    assert activity_selectors.coproduction_profile(project=project).activity_count == 0
    assert [a.title for a in activity_selectors.organisation_activities(organisation=trio.organisation)] == ["Forum"]


def _round_with_votes(trio, project, method, votes_by_person):
    questions = [voting_services.add_question(actor=trio.member, project=project, text=t) for t in ("A", "B", "C")]
    round_ = voting_services.open_prioritisation(actor=trio.member, project=project, method=method, dots_per_person=5)
    for person, allocation in votes_by_person:
        voting_services.cast_votes(
            actor=person, prioritisation=round_, allocation={questions[i].pk: v for i, v in allocation.items()}
        )
    return round_, questions


def test_dot_vote_split_shows_a_gap_between_lived_and_learnt_experience(trio, project):
    partner2 = UserFactory(display_name="Second Partner")
    MembershipFactory(organisation=trio.organisation, user=partner2, role=Role.LIVED_EXPERIENCE_PARTNER)
    _join(trio, project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER, D)
    _join(trio, project, partner2, TeamRole.CARER, D)
    _join(trio, project, trio.member, TeamRole.STAFF_PARTNER, D)
    round_, (a, b, c) = _round_with_votes(
        trio,
        project,
        VotingMethod.DOTS,
        [
            (trio.partner, {0: 1, 1: 4}),
            (partner2, {1: 5}),
            (trio.member, {0: 4, 2: 1}),
        ],
    )
    results = voting_selectors.prioritisation_results(prioritisation=round_)
    rows = {row.question.text: row for row in results.rows}
    assert (rows["A"].total, rows["A"].lived, rows["A"].learnt) == (5, 1, 4)
    assert (rows["B"].total, rows["B"].lived, rows["B"].learnt) == (9, 9, 0)
    assert rows["B"].rank_overall == 1 and rows["A"].rank_overall == 2
    assert rows["A"].lived_share == pytest.approx(0.1) and rows["A"].learnt_share == pytest.approx(0.8)
    assert rows["A"].gap == -70.0 and rows["B"].gap == 90.0 and rows["C"].gap == -20.0
    assert results.lived_voters == 2 and results.learnt_voters == 1
    assert results.top_lived.question == b and results.top_learnt.question == a and results.sides_disagree_on_top
    assert {r.question.text for r in results.notable_gaps} == {"A", "B", "C"}


def test_ranking_is_scored_borda_style(trio, project):
    _join(trio, project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER, D)
    _join(trio, project, trio.member, TeamRole.STAFF_PARTNER, D)
    round_, _ = _round_with_votes(
        trio,
        project,
        VotingMethod.RANK,
        [
            (trio.partner, {0: 1, 1: 2, 2: 3}),
            (trio.member, {0: 1, 1: 3, 2: 2}),
        ],
    )
    rows = {row.question.text: row for row in voting_selectors.prioritisation_results(prioritisation=round_).rows}
    assert (rows["A"].total, rows["B"].total, rows["C"].total) == (6, 3, 3)
    assert rows["B"].rank_overall == rows["C"].rank_overall == 2  # ties share a rank
    assert not voting_selectors.prioritisation_results(prioritisation=round_).sides_disagree_on_top


def test_my_projects_lists_only_projects_on_whose_team_i_am(trio, project):
    other = project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Another")
    _join(trio, project, trio.partner, TeamRole.CARER, D)
    assert list(project_selectors.projects_of_person(organisation=trio.organisation, person=trio.partner)) == [project]
    rows = {p.title: p for p in project_selectors.projects_in(organisation=trio.organisation)}
    assert rows["Waiting times"].partner_count == 1 and rows["Another"].team_size == 0
    assert other in list(project_selectors.projects_in(organisation=trio.organisation))


def test_celebration_credits_everyone_with_their_hours(trio, project):
    _join(trio, project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER, D)
    _join(trio, project, trio.member, TeamRole.STAFF_PARTNER, D)
    _activity(trio, project, on=D, people=[trio.partner, trio.member], hours="2")
    _activity(trio, project, on=D + timedelta(days=3), people=[trio.partner], hours="1.5")
    celebration = decision_selectors.celebration(project=project)
    credits = {c.member.person: (c.hours, c.activities) for c in celebration.contributors}
    assert credits == {trio.partner: (Decimal("3.5"), 2), trio.member: (Decimal("2"), 1)}
    assert celebration.contributors[0].member.person == trio.partner  # partners first


TEST_LINK = registry.ProjectLink(label="Test link", url_name="projects:profile")


def extra_section(request, p):
    if p.title != "Extra":
        return None
    return registry.CelebrationSection(heading="Extra", template="projects/_fields.jinja")


def test_registry_hooks_for_other_areas(trio, project, rf, settings):
    # Listed for this test only (the settings fixture restores the lists), so other tests' pages are unchanged.
    settings.PROJECT_LINKS = [*settings.PROJECT_LINKS, "tests.projects.test_selectors.TEST_LINK"]
    assert registry.project_links(project)[-1] == {
        "label": "Test link",
        "href": f"/o/{trio.organisation.slug}/projects/{project.pk}/profile/",
        "description": "",
    }
    settings.CELEBRATION_SECTIONS = [*settings.CELEBRATION_SECTIONS, "tests.projects.test_selectors.extra_section"]
    assert "Extra" not in [s.heading for s in registry.celebration_sections(rf.get("/"), project)]
    project.title = "Extra"
    assert [s.heading for s in registry.celebration_sections(rf.get("/"), project)][-1] == "Extra"


def test_project_list_knows_which_projects_lacked_a_partner_at_the_first_activity(trio, project):
    flagged = project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Flagged")
    _activity(trio, project, on=D, people=[trio.partner])
    _activity(trio, flagged, on=D, people=[trio.member])
    _activity(trio, flagged, on=D + timedelta(days=1), people=[trio.partner])
    project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Not started")
    rows = {
        p.title: (p.first_activity_id is not None, p.partner_at_first_activity)
        for p in project_selectors.projects_in(organisation=trio.organisation)
    }
    assert rows == {"Waiting times": (True, True), "Flagged": (True, False), "Not started": (False, False)}

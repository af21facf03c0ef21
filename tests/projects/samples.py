"""One of everything in a project, for tests that walk every URL (tests/core/test_tenancy.py) and for ours."""

from __future__ import annotations

from datetime import date, timedelta

from coqi.projects.choices import ActivityKind, DecisionMethod, Rung, TeamRole, VotingMethod
from coqi.projects.services import activities as activity_services
from coqi.projects.services import decisions as decision_services
from coqi.projects.services import evidence as evidence_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import stories as story_services
from coqi.projects.services import team as team_services
from coqi.projects.services import voting as voting_services


def sample_project(trio, *, title: str = "Sample project"):
    """A project in trio.organisation with the member and partner on its team and one of each record."""
    organisation, staff, partner = trio.organisation, trio.member, trio.partner
    today = date.today()
    project = project_services.create_project(
        actor=staff,
        organisation=organisation,
        title=title,
        description="For tests",
        creator_role=TeamRole.STAFF_PARTNER,
        creator_role_description="Ward nurse",
    )
    partner_place = team_services.add_team_member(
        actor=staff,
        project=project,
        person=partner,
        role=TeamRole.LIVED_EXPERIENCE_PARTNER,
        role_description="Brings experience of the ward",
        joined_on=today - timedelta(days=10),
    )
    activity = activity_services.record_activity(
        actor=staff,
        organisation=organisation,
        project=project,
        kind=ActivityKind.MEETING,
        title="First meeting",
        held_on=today - timedelta(days=7),
        hours="2",
        rung=Rung.CO_DESIGN,
        attendees=[staff, partner],
    )
    org_activity = activity_services.record_activity(
        actor=staff,
        organisation=organisation,
        kind=ActivityKind.EVENT,
        title="Partners' forum",
        held_on=today - timedelta(days=3),
        hours="1.5",
        rung=Rung.ENGAGEMENT,
        attendees=[partner],
    )
    story = story_services.add_story(
        actor=staff,
        project=project,
        title="Waiting",
        text="I waited a long time.",
        consent_given_by="Storyteller",
        consent_scope="Project team only",
        consent_given_on=today,
    )
    q1 = voting_services.add_question(actor=staff, project=project, text="How might we cut waiting?", stories=[story])
    voting_services.add_question(actor=staff, project=project, text="How might we explain delays?")
    prioritisation = voting_services.open_prioritisation(
        actor=staff, project=project, method=VotingMethod.DOTS, dots_per_person=3
    )
    decision = decision_services.log_decision(
        actor=staff,
        project=project,
        question="Which question first?",
        options="Waiting\nDelays",
        method=DecisionMethod.CONSENSUS,
        rung=Rung.CO_PRODUCTION,
        decided_on=today,
        present=[partner_place],
        outcome="Waiting first",
    )
    return {
        "project": project,
        "member": partner_place,
        "activity": activity,
        "org_activity": org_activity,
        "story": story,
        "question": q1,
        "prioritisation": prioritisation,
        "decision": decision,
    }


def sample_ids(trio) -> dict[str, int]:
    """URL kwargs for every project page: `<project_id>`, `<member_id>`, … (activity_id is a project activity;
    the organisation-wide activity page is checked separately in tests/projects/test_views.py)."""
    made = sample_project(trio)
    project, staff = made["project"], trio.member
    theme = evidence_services.add_feedback_theme(actor=staff, project=project, name="Waiting", source_note="FFT")
    candidate = evidence_services.add_always_event_candidate(
        actor=staff,
        project=project,
        statement="We always say our name",
        important_to_patients=True,
        evidence_based=True,
        measurable=True,
        affordable_and_sustainable=False,
    )
    touchpoint = evidence_services.add_touchpoint(
        actor=staff, project=project, journey_point="Arriving", emotion="anxious"
    )
    return {
        "theme_id": theme.pk,
        "candidate_id": candidate.pk,
        "touchpoint_id": touchpoint.pk,
        "project_id": made["project"].pk,
        "member_id": made["member"].pk,
        "activity_id": made["activity"].pk,
        "story_id": made["story"].pk,
        "question_id": made["question"].pk,
        "prioritisation_id": made["prioritisation"].pk,
        "decision_id": made["decision"].pk,
    }

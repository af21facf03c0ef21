"""Project services: every write audited, bad input refused naming the field, concurrent edits never lost."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coqi.core.concurrency import EditConflict
from coqi.core.models import AuditEvent
from coqi.core.roles import Experience
from coqi.projects.choices import ActivityKind, Rung, Stage, TeamRole, VotingMethod
from coqi.projects.models import Attendance, Project, Story
from coqi.projects.services import activities as activity_services
from coqi.projects.services import decisions as decision_services
from coqi.projects.services import evidence as evidence_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import stories as story_services
from coqi.projects.services import team as team_services
from coqi.projects.services import voting as voting_services
from tests.projects.samples import sample_project

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _field(error: ValidationError) -> str:
    return next(iter(error.value.message_dict))


@pytest.fixture
def project(trio):
    return project_services.create_project(actor=trio.member, organisation=trio.organisation, title="Falls on ward 7")


def test_create_project_is_audited_and_can_put_the_creator_on_the_team(trio):
    project = project_services.create_project(
        actor=trio.member,
        organisation=trio.organisation,
        title="  Falls  ",
        creator_role=TeamRole.STAFF_PARTNER,
        creator_role_description="Ward sister",
    )
    assert project.title == "Falls" and project.stage == Stage.WHAT_MATTERS and project.version == 1
    assert project.members.get().person == trio.member
    event = AuditEvent.objects.get(action="project.created")
    assert event.organisation == trio.organisation and event.actor == trio.member
    assert event.changes["team"] == {"Mo Member": "staff_partner"}


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "creator_role": "boss"}, "creator_role"),
        ({"title": "ok", "creator_role": "carer", "creator_role_description": ""}, "creator_role_description"),
        (
            {
                "title": "ok",
                "creator_role": "carer",
                "creator_role_description": "Carer",
                "creator_joined_on": TODAY + timedelta(days=1),
            },
            "creator_joined_on",
        ),
    ],
)
def test_create_project_refuses_bad_input_and_saves_nothing(trio, kwargs, field):
    with pytest.raises(ValidationError) as error:
        project_services.create_project(actor=trio.member, organisation=trio.organisation, **kwargs)
    assert _field(error) == field
    assert not Project.objects.exists() and not AuditEvent.objects.filter(action="project.created").exists()


def test_a_project_recorded_afterwards_keeps_when_its_creator_really_joined(trio):
    joined = TODAY - timedelta(days=1000)
    project = project_services.create_project(
        actor=trio.member,
        organisation=trio.organisation,
        title="Imported older project",
        creator_role=TeamRole.STAFF_PARTNER,
        creator_role_description="Ward sister",
        creator_joined_on=joined,
    )
    assert project.members.get().joined_on == joined


def test_stage_change_is_audited_with_before_and_after(trio, project):
    project_services.change_stage(actor=trio.partner, project=project, version=project.version, stage=Stage.PLAN)
    event = AuditEvent.objects.get(action="project.stage_changed")
    assert event.changes == {"stage": ["what_matters", "plan"]} and event.actor == trio.partner
    with pytest.raises(ValidationError) as error:
        project_services.change_stage(actor=trio.partner, project=project, version=project.version, stage="done")
    assert _field(error) == "stage"


def test_concurrent_edits_conflict_instead_of_overwriting(trio, project):
    from coqi.projects.models import Project as P

    first = P.objects.get(pk=project.pk)
    second = P.objects.get(pk=project.pk)
    project_services.update_project(
        actor=trio.member, project=first, version=first.version, title="Mine", description=""
    )
    with pytest.raises(EditConflict) as conflict:
        project_services.update_project(
            actor=trio.owner, project=second, version=second.version, title="Theirs", description=""
        )
    assert "Someone else changed this project" in conflict.value.messages[0]
    project.refresh_from_db()
    assert project.title == "Mine" and project.version == 2
    assert AuditEvent.objects.filter(action="project.updated").count() == 1


def test_concurrent_stage_change_and_team_edit_conflict(trio, project):
    member = team_services.add_team_member(
        actor=trio.member, project=project, person=trio.partner, role=TeamRole.CARER, role_description="Carer"
    )
    stale = member.version
    team_services.update_team_member(
        actor=trio.member,
        member=member,
        version=stale,
        role=TeamRole.CARER,
        role_description="Carer of her mum",
        joined_on=TODAY,
    )
    with pytest.raises(EditConflict):
        team_services.update_team_member(
            actor=trio.owner,
            member=member,
            version=stale,
            role=TeamRole.COMMUNITY_MEMBER,
            role_description="x",
            joined_on=TODAY,
        )
    stale_project = project.version
    project_services.change_stage(actor=trio.member, project=project, version=stale_project, stage=Stage.PLAN)
    with pytest.raises(EditConflict):
        project_services.change_stage(actor=trio.member, project=project, version=stale_project, stage=Stage.CELEBRATE)


def test_team_member_must_be_in_the_organisation_and_only_once(trio, project):
    with pytest.raises(ValidationError) as error:
        team_services.add_team_member(
            actor=trio.member, project=project, person=trio.outsider, role=TeamRole.CARER, role_description="x"
        )
    assert _field(error) == "person"
    team_services.add_team_member(
        actor=trio.member, project=project, person=trio.partner, role=TeamRole.CARER, role_description="x"
    )
    with pytest.raises(ValidationError):
        team_services.add_team_member(
            actor=trio.member, project=project, person=trio.partner, role=TeamRole.CARER, role_description="x"
        )
    with pytest.raises(ValidationError) as error:
        team_services.add_team_member(
            actor=trio.member,
            project=project,
            person=trio.owner,
            role=TeamRole.CARER,
            role_description="x",
            joined_on=TODAY + timedelta(days=1),
        )
    assert _field(error) == "joined_on"


def test_inviting_an_existing_member_adds_them_at_once(trio, project):
    result = team_services.invite_team_member(
        actor=trio.member,
        project=project,
        email="PARTNER@example.com",
        role=TeamRole.LIVED_EXPERIENCE_PARTNER,
        role_description="Patient",
    )
    assert result.person == trio.partner
    assert AuditEvent.objects.filter(action="project.member_added").exists()


def test_invitation_accepted_later_takes_the_team_place(trio, project):
    from coqi.core import services as core_services
    from tests.factories import UserFactory

    waiting = team_services.invite_team_member(
        actor=trio.member,
        project=project,
        email="sol@example.com",
        role=TeamRole.COMMUNITY_MEMBER,
        role_description="Residents' group",
    )
    assert waiting.invitation.role == "lived_experience_partner"
    sol = UserFactory(email="sol@example.com", display_name="Sol")
    core_services.accept_invitation(invitation=waiting.invitation, user=sol)
    member = project.members.get(person=sol)
    assert member.role == TeamRole.COMMUNITY_MEMBER and member.joined_on == TODAY
    waiting.refresh_from_db()
    assert waiting.member == member


def test_record_activity_keeps_attendance_with_experience(trio, project):
    team_services.add_team_member(
        actor=trio.member,
        project=project,
        person=trio.partner,
        role=TeamRole.LIVED_EXPERIENCE_PARTNER,
        role_description="x",
    )
    activity = activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind=ActivityKind.WORKSHOP,
        title="Mapping",
        held_on=TODAY,
        hours="2.5",
        rung=Rung.CO_DESIGN,
        attendees=[trio.partner, (trio.member, Decimal("1"))],
    )
    rows = {a.person: (a.hours, a.experience) for a in activity.attendances.all()}
    assert rows == {
        trio.partner: (Decimal("2.50"), Experience.LIVED),
        trio.member: (Decimal("1.00"), Experience.LEARNT),
    }
    event = AuditEvent.objects.get(action="activity.recorded")
    assert event.changes["attendees"] == 2 and event.changes["lived_experience_attendees"] == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "party"}, "kind"),
        ({"title": " "}, "title"),
        ({"held_on": TODAY + timedelta(days=2)}, "attendees"),  # who came can't be known yet
        ({"held_on": TODAY + timedelta(days=800)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"hours": "25"}, "hours"),
        ({"hours": "lots"}, "hours"),
        ({"rung": "top"}, "rung"),
    ],
)
def test_record_activity_refuses_bad_input_whole(trio, project, change, field):
    fields = dict(kind="meeting", title="Meeting", held_on=TODAY, hours="1", rung="engagement")
    fields.update(change)
    with pytest.raises(ValidationError) as error:
        activity_services.record_activity(
            actor=trio.member, organisation=trio.organisation, project=project, attendees=[trio.partner], **fields
        )
    assert _field(error) == field
    assert not Attendance.objects.exists()


def test_an_activity_can_be_planned_ahead_and_attendance_added_once_it_has_happened(trio, project):
    ahead = TODAY + timedelta(days=14)
    activity = activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind="meeting",
        title="Next steering group",
        held_on=ahead,
        hours=2,
        rung="co_design",
    )
    assert activity.held_on == ahead and not activity.attendances.exists()
    with pytest.raises(ValidationError) as error:
        activity_services.update_activity(
            actor=trio.member,
            activity=activity,
            version=activity.version,
            kind="meeting",
            title="Next steering group",
            held_on=ahead,
            hours=2,
            rung="co_design",
            attendees=[trio.partner],
        )
    assert _field(error) == "attendees"
    activity.refresh_from_db()
    activity_services.update_activity(
        actor=trio.member,
        activity=activity,
        version=activity.version,
        kind="meeting",
        title="Next steering group",
        held_on=TODAY,
        hours=2,
        rung="co_design",
        attendees=[trio.partner],
    )
    assert list(activity.attendances.values_list("person", flat=True)) == [trio.partner.pk]


def test_activity_attendees_must_be_in_the_organisation(trio, project):
    with pytest.raises(ValidationError) as error:
        activity_services.record_activity(
            actor=trio.member,
            organisation=trio.organisation,
            project=project,
            kind="meeting",
            title="x",
            held_on=TODAY,
            hours=1,
            rung="informing",
            attendees=[trio.outsider],
        )
    assert _field(error) == "attendees"


def test_update_activity_keeps_attendance_rows_of_people_still_there(trio, project):
    activity = activity_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        project=project,
        kind="meeting",
        title="x",
        held_on=TODAY,
        hours=1,
        rung="informing",
        attendees=[trio.partner, trio.member],
    )
    kept = activity.attendances.get(person=trio.partner).pk
    activity_services.update_activity(
        actor=trio.member,
        activity=activity,
        version=activity.version,
        kind="meeting",
        title="x",
        held_on=TODAY,
        hours=2,
        rung="co_design",
        attendees=[trio.partner],
    )
    assert list(activity.attendances.values_list("pk", flat=True)) == [kept]
    with pytest.raises(EditConflict):
        activity_services.update_activity(
            actor=trio.member,
            activity=activity,
            version=1,
            kind="meeting",
            title="y",
            held_on=TODAY,
            hours=2,
            rung="co_design",
            attendees=[],
        )


def test_story_is_redacted_before_storing_and_audit_holds_no_text(trio, project):
    story = story_services.add_story(
        actor=trio.partner,
        project=project,
        title="Phone call",
        text="My husband John Smith rang 07700 900123 and nobody answered.",
        told_by="a wife",
        consent_given_by="The storyteller",
        consent_scope="Team and board reports",
        consent_given_on=TODAY,
    )
    stored = Story.objects.get(pk=story.pk)
    assert "07700 900123" not in stored.text and "John Smith" not in stored.text
    assert stored.redactions >= 2
    event = AuditEvent.objects.get(action="story.added")
    assert "07700" not in str(event.changes) and "John" not in str(event.changes)


def test_story_needs_consent(trio, project):
    with pytest.raises(ValidationError) as error:
        story_services.add_story(
            actor=trio.partner,
            project=project,
            title="t",
            text="x",
            consent_given_by="",
            consent_scope="team",
            consent_given_on=TODAY,
        )
    assert _field(error) == "consent_given_by"


def test_always_event_criteria_and_touchpoints(trio, project):
    candidate = evidence_services.add_always_event_candidate(
        actor=trio.member,
        project=project,
        statement="We always say who we are",
        important_to_patients=True,
        evidence_based=True,
        measurable=True,
        affordable_and_sustainable=False,
    )
    assert not candidate.meets_all_criteria
    touchpoint = evidence_services.add_touchpoint(
        actor=trio.member, project=project, journey_point="Discharge day", emotion="anxious", position=4
    )
    assert touchpoint.is_negative
    with pytest.raises(ValidationError) as error:
        evidence_services.add_touchpoint(actor=trio.member, project=project, journey_point="x", emotion="meh")
    assert _field(error) == "emotion"


def test_question_evidence_must_be_from_the_same_project(trio, project):
    other = sample_project(trio)
    with pytest.raises(ValidationError) as error:
        voting_services.add_question(actor=trio.member, project=project, text="How?", stories=[other["story"]])
    assert _field(error) == "stories"


def test_dot_votes_only_from_the_team_and_within_the_dots(trio):
    made = sample_project(trio)
    round_, q1 = made["prioritisation"], made["question"]
    with pytest.raises(ValidationError):
        voting_services.cast_votes(actor=trio.owner, prioritisation=round_, allocation={q1.pk: 1})  # not on the team
    with pytest.raises(ValidationError) as error:
        voting_services.cast_votes(actor=trio.partner, prioritisation=round_, allocation={q1.pk: 4})
    assert "You have 3 dots" in str(error.value)
    voting_services.cast_votes(actor=trio.partner, prioritisation=round_, allocation={q1.pk: 2})
    voting_services.cast_votes(actor=trio.partner, prioritisation=round_, allocation={q1.pk: 3})  # replaces
    assert list(round_.votes.values_list("dots", "experience")) == [(3, "lived")]
    voting_services.close_prioritisation(actor=trio.member, prioritisation=round_)
    with pytest.raises(ValidationError):
        voting_services.cast_votes(actor=trio.partner, prioritisation=round_, allocation={q1.pk: 1})


def test_ranking_needs_every_question_once(trio):
    made = sample_project(trio)
    project = made["project"]
    voting_services.close_prioritisation(actor=trio.member, prioritisation=made["prioritisation"])
    round_ = voting_services.open_prioritisation(actor=trio.member, project=project, method=VotingMethod.RANK)
    q1, q2 = project.questions.order_by("id")
    with pytest.raises(ValidationError):
        voting_services.cast_votes(actor=trio.partner, prioritisation=round_, allocation={q1.pk: 1, q2.pk: 1})
    voting_services.cast_votes(actor=trio.partner, prioritisation=round_, allocation={q1.pk: 2, q2.pk: 1})
    with pytest.raises(ValidationError):  # only one round open at a time
        voting_services.open_prioritisation(actor=trio.member, project=project, method=VotingMethod.DOTS)


def test_decision_with_dissent_in_their_own_words(trio):
    made = sample_project(trio)
    decision = decision_services.log_decision(
        actor=trio.member,
        project=made["project"],
        question="Which ward?",
        options="7\n9",
        method="consent",
        rung="co_production",
        decided_on=TODAY,
        present=[made["member"]],
        outcome="Ward 7",
        dissents=[("Pat", "  Ward 9 has more falls.  "), ("Nobody", "")],
    )
    assert list(decision.dissents.values_list("name", "in_their_words")) == [("Pat", "Ward 9 has more falls.")]
    event = AuditEvent.objects.filter(action="decision.logged").latest("id")
    assert event.changes["present"] == {"lived_experience": 1, "learnt_experience": 0}
    with pytest.raises(ValidationError) as error:
        decision_services.log_decision(
            actor=trio.member,
            project=made["project"],
            question="q",
            options="a",
            method="shout",
            rung="co_production",
            decided_on=TODAY,
            outcome="x",
        )
    assert _field(error) == "method"


def test_reflection_needs_a_seed_prompt(trio, project):
    decision_services.add_reflection(actor=trio.partner, project=project, prompt="uncomfortable", text="It was hard.")
    with pytest.raises(ValidationError) as error:
        decision_services.add_reflection(actor=trio.partner, project=project, prompt="whatever", text="x")
    assert _field(error) == "prompt"
    assert AuditEvent.objects.filter(action="reflection.added").count() == 1


def test_withdrawing_consent_deletes_the_story(trio, project):
    story = story_services.add_story(
        actor=trio.partner,
        project=project,
        title="Mine",
        text="Private words",
        consent_given_by="Me",
        consent_scope="Team",
        consent_given_on=TODAY,
    )
    question = voting_services.add_question(actor=trio.partner, project=project, text="How?", stories=[story])
    story_services.withdraw_story(actor=trio.partner, story=story)
    assert not Story.objects.exists() and question.stories.count() == 0
    event = AuditEvent.objects.get(action="story.withdrawn")
    assert "Private" not in str(event.changes)

"""Reads for sharing power and celebrating: the decision log with who was in the room, reflections, the celebration
(contributors and what changed) and the ladder-of-co-production helpers. Everything is reached through the
organisation, so another organisation's ids are 404."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.projects.choices import LIVED_EXPERIENCE_ROLES, RUNG_ORDER, Rung, TeamRole
from coqi.projects.models import (
    Attendance,
    Decision,
    ImprovementQuestion,
    Project,
    ProjectMember,
)
from coqi.projects.selectors.activities import CoproductionProfile, coproduction_profile
from coqi.projects.selectors.team import team_of

GROUP_LABELS = {
    "lived": "Lived experience partners, carers and community members",
    "staff": "Staff partners",
    "facilitator": "Facilitators",
    "sponsor": "Executive sponsors",
}


def room_by_group(present: list[ProjectMember]) -> list[tuple[str, int]]:
    counts: Counter = Counter()
    for member in present:
        if member.role in LIVED_EXPERIENCE_ROLES:
            counts["lived"] += 1
        elif member.role == TeamRole.FACILITATOR:
            counts["facilitator"] += 1
        elif member.role == TeamRole.EXECUTIVE_SPONSOR:
            counts["sponsor"] += 1
        else:
            counts["staff"] += 1
    return [(label, counts[key]) for key, label in GROUP_LABELS.items() if counts[key]]


def decisions_of(*, project: Project) -> list[Decision]:
    decisions = list(
        project.decisions.prefetch_related(
            Prefetch("present", queryset=ProjectMember.objects.select_related("person")), "dissents"
        ).order_by("-decided_on", "-id")
    )
    for decision in decisions:
        decision.room = room_by_group(list(decision.present.all()))
    return decisions


def decision_in(*, project: Project, decision_id) -> Decision:
    decision = (
        project.decisions.prefetch_related(
            Prefetch("present", queryset=ProjectMember.objects.select_related("person")), "dissents"
        )
        .filter(pk=id_or_404(decision_id))
        .first()
    )
    if decision is None:
        raise Http404
    decision.room = room_by_group(list(decision.present.all()))
    return decision


def reflections_of(*, project: Project):
    return project.reflections.select_related("author").order_by("-written_on", "-id")


# --- celebrate ---------------------------------------------------------------------------------------------


@dataclass
class Contributor:
    member: ProjectMember
    hours: Decimal
    activities: int


@dataclass
class Celebration:
    project: Project
    contributors: list[Contributor]
    profile: CoproductionProfile
    decisions: int
    stories: int
    shared_question: ImprovementQuestion | None


def celebration(*, project: Project) -> Celebration:
    """What a finished project changed and who made it happen. Other areas add their sections through
    CELEBRATION_SECTIONS in coqi/config/extensions.py (e.g. the measures' charts)."""
    totals = defaultdict(lambda: (Decimal("0"), 0))
    for row in (
        Attendance.objects.filter(activity__project=project)
        .values("person_id")
        .annotate(hours=Sum("hours"), activities=Count("activity", distinct=True))
    ):
        totals[row["person_id"]] = (row["hours"] or Decimal("0"), row["activities"])
    contributors = [
        Contributor(member=m, hours=totals[m.person_id][0], activities=totals[m.person_id][1])
        for m in team_of(project=project)
    ]
    contributors.sort(key=lambda c: (not c.member.is_lived_experience, c.member.joined_on, c.member.pk))
    return Celebration(
        project=project,
        contributors=contributors,
        profile=coproduction_profile(project=project),
        decisions=project.decisions.count(),
        stories=project.stories.count(),
        shared_question=project.questions.filter(chosen=True).first(),
    )


def rung_label(value: str) -> str:
    return dict(Rung.choices).get(value, value)


def rung_position(value: str) -> int:
    return RUNG_ORDER.get(value, -1) + 1

"""Personal data held by projects (coqi/rights/contract.md).

Kept, linked to the anonymised account: team places, attendance (hours) and votes, because the partner-hours,
attendance and prioritisation figures must still add up. Removed: words the person wrote (dissent, reflections)
and their name as the author or recorder of shared records, which are detached instead.
"""

from __future__ import annotations

from coqi.core.erasure import REMOVED, detach, rows
from coqi.projects.models import (
    Activity,
    Attendance,
    Decision,
    Dissent,
    ImprovementQuestion,
    Prioritisation,
    Project,
    ProjectMember,
    ProjectStory,
    Reflection,
    Story,
    Vote,
)

TITLE = "Projects: your team places, activities you attended, votes, decisions and reflections"
MODELS = [
    Project,
    ProjectMember,
    Activity,
    Attendance,
    Story,
    ProjectStory,
    ImprovementQuestion,
    Prioritisation,
    Vote,
    Decision,
    Dissent,
    Reflection,
]
# Shared records where the person is only the one who made them: detached on erasure.
_MADE_BY = {
    Project: "created_by",
    Activity: "created_by",
    Story: "recorded_by",
    ProjectStory: "added_by",
    ImprovementQuestion: "created_by",
    Prioritisation: "opened_by",
    Decision: "recorded_by",
}


def export(user) -> dict:
    return {
        "team_places": rows(
            ProjectMember.objects.filter(person=user),
            "id",
            "project__organisation__name",
            "project__title",
            "role",
            "role_description",
            "joined_on",
        ),
        "attendance": rows(
            Attendance.objects.filter(person=user),
            "id",
            "activity__organisation__name",
            "activity__title",
            "activity__held_on",
            "hours",
            "experience",
        ),
        "votes": rows(
            Vote.objects.filter(voter=user),
            "id",
            "prioritisation__project__title",
            "question__text",
            "dots",
            "rank",
            "experience",
        ),
        "dissent": rows(
            Dissent.objects.filter(person=user),
            "id",
            "decision__project__title",
            "decision__question",
            "name",
            "in_their_words",
            "created_at",
        ),
        "reflections": rows(
            Reflection.objects.filter(author=user), "id", "project__title", "prompt", "text", "written_on"
        ),
        "records_you_made": {
            str(model._meta.verbose_name_plural): rows(model.objects.filter(**{field: user}), "id")
            for model, field in _MADE_BY.items()
        },
    }


def erase(user) -> None:
    ProjectMember.objects.filter(person=user).update(role_description="")
    Dissent.objects.filter(person=user).update(person=None, name="", in_their_words=REMOVED)
    Reflection.objects.filter(author=user).update(author=None, text=REMOVED)
    for model in _MADE_BY:
        detach(model, user)

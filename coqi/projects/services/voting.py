"""Writes for improvement questions and prioritising them together: adding and choosing a question, opening a dot
vote or ranking, casting votes and closing it. Each write is keyword-only, in one transaction, recording one audit
event; validation problems are `ValidationError`s naming the field and an edit that lost a race is an
`EditConflict`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, lock, save_versioned
from coqi.core.roles import experience_of
from coqi.projects.choices import (
    VotingMethod,
)
from coqi.projects.models import (
    ImprovementQuestion,
    Prioritisation,
    Project,
    Vote,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "question.added": "Improvement question added",
    "question.chosen": "Shared question chosen",
    "prioritisation.opened": "Prioritisation opened",
    "prioritisation.voted": "Votes cast",
    "prioritisation.closed": "Prioritisation closed",
}


def _own(project: Project, items, field: str) -> list:
    """The items, when every one is among the project's own `field` (a story may be in several projects, so this
    asks the project rather than each item's `project_id`)."""
    items = list(items or [])
    wanted = {item.pk for item in items}
    if wanted and getattr(project, field).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({field: "Choose evidence from this project."})
    return items


@transaction.atomic
def add_question(
    *,
    actor,
    project: Project,
    text: str,
    evidence_note: str = "",
    stories=(),
    feedback_themes=(),
    always_events=(),
    touchpoints=(),
) -> ImprovementQuestion:
    question = ImprovementQuestion.objects.create(
        project=project,
        text=checks.required("text", text, "Enter the question", 300),
        evidence_note=(evidence_note or "").strip(),
        created_by=actor,
    )
    links = {
        "stories": _own(project, stories, "stories"),
        "feedback_themes": _own(project, feedback_themes, "feedback_themes"),
        "always_events": _own(project, always_events, "always_events"),
        "touchpoints": _own(project, touchpoints, "touchpoints"),
    }
    for name, items in links.items():
        if items:
            getattr(question, name).set(items)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="question.added",
        target=question,
        changes={"project": project.title, "text": question.text, **{k: len(v) for k, v in links.items() if v}},
    )
    return question


@transaction.atomic
def choose_question(*, actor, question: ImprovementQuestion, version: ExpectedVersion) -> ImprovementQuestion:
    """Mark the team's shared question (one per project)."""
    project = question.project
    lock(project)  # two questions chosen at once would otherwise both stay chosen
    project.questions.exclude(pk=question.pk).filter(chosen=True).update(chosen=False)
    question.chosen = True
    save_versioned(question, expected_version=version, fields=["chosen"], what="question")
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="question.chosen",
        target=question,
        changes={"project": project.title},
    )
    return question


@transaction.atomic
def open_prioritisation(*, actor, project: Project, method: str, dots_per_person: int = 3) -> Prioritisation:
    checks.choice("method", method, VotingMethod, "Choose how the team will prioritise")
    if method == VotingMethod.DOTS and not (1 <= int(dots_per_person or 0) <= 20):
        raise ValidationError({"dots_per_person": "Give each person between 1 and 20 dots."})
    if project.questions.count() < 2:
        raise ValidationError({"method": "Add at least two questions before prioritising them."})
    lock(project)  # two people opening a round at once cannot leave two rounds open
    if project.prioritisations.filter(closed_at__isnull=True).exists():
        raise ValidationError({"method": "A prioritisation is already open. Close it before starting another."})
    round_ = Prioritisation.objects.create(
        project=project, method=method, dots_per_person=int(dots_per_person or 3), opened_by=actor
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="prioritisation.opened",
        target=round_,
        changes={"project": project.title, "method": method, "dots_per_person": round_.dots_per_person},
    )
    return round_


@transaction.atomic
def cast_votes(*, actor, prioritisation: Prioritisation, allocation: dict[int, int]) -> list[Vote]:
    """`allocation` maps question id → dots (dot voting) or → rank, 1 highest (ranking). Replaces earlier votes."""
    project = prioritisation.project
    # One person's votes are replaced (deleted, then inserted) in turn, and none land after the round closed.
    prioritisation = lock(prioritisation)
    if not prioritisation.is_open:
        raise ValidationError({"votes": "This prioritisation has closed."})
    place = project.members.filter(person=actor).first()
    if place is None:
        raise ValidationError({"votes": "Only members of the project team can vote."})
    questions = {q.pk: q for q in project.questions.all()}
    unknown = [qid for qid in allocation if qid not in questions]
    if unknown:
        raise ValidationError({"votes": "Vote only on this project's questions."})
    values = {qid: int(v) for qid, v in allocation.items() if v not in (None, "", 0, "0")}
    if any(v < 0 for v in values.values()):
        raise ValidationError({"votes": "Votes cannot be negative."})
    if prioritisation.method == VotingMethod.DOTS:
        if not values:
            raise ValidationError({"votes": "Place at least one dot."})
        if sum(values.values()) > prioritisation.dots_per_person:
            raise ValidationError(
                {"votes": f"You have {prioritisation.dots_per_person} dots; you placed {sum(values.values())}."}
            )
    else:
        ranks = sorted(values.values())
        if ranks != list(range(1, len(questions) + 1)):
            raise ValidationError({"votes": f"Rank every question once, from 1 (most important) to {len(questions)}."})
    prioritisation.votes.filter(voter=actor).delete()
    experience = experience_of(place.role)
    votes = Vote.objects.bulk_create(
        Vote(
            prioritisation=prioritisation,
            question=questions[qid],
            voter=actor,
            dots=value if prioritisation.method == VotingMethod.DOTS else 0,
            rank=value if prioritisation.method == VotingMethod.RANK else None,
            experience=experience,
        )
        for qid, value in values.items()
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="prioritisation.voted",
        target=prioritisation,
        changes={"project": project.title, "experience": experience, "questions": len(votes)},
    )
    return votes


@transaction.atomic
def close_prioritisation(*, actor, prioritisation: Prioritisation) -> Prioritisation:
    prioritisation = lock(prioritisation)  # closed once, even when two people press the button together
    if not prioritisation.is_open:
        raise ValidationError({"prioritisation": "This prioritisation has already closed."})
    prioritisation.closed_at = timezone.now()
    prioritisation.save(update_fields=["closed_at"])
    audit.record(
        actor=actor,
        organisation=prioritisation.project.organisation,
        action="prioritisation.closed",
        target=prioritisation,
        changes={"voters": prioritisation.votes.values("voter").distinct().count()},
    )
    return prioritisation

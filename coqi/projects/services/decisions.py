"""Writes for sharing power: the decision log with dissent, reflections on power, and what changed because of the
project (its celebration). Each write is keyword-only, in one transaction, recording one audit event; validation
problems are `ValidationError`s naming the field and an edit that lost a race is an `EditConflict`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, save_versioned
from coqi.projects.choices import (
    LIVED_EXPERIENCE_ROLES,
    DecisionMethod,
    ReflectionPrompt,
    Rung,
)
from coqi.projects.models import (
    Decision,
    Dissent,
    Project,
    ProjectMember,
    Reflection,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "project.what_changed": "Celebration updated",
    "decision.logged": "Decision logged",
    "decision.dissent_added": "Dissent recorded",
    "reflection.added": "Reflection added",
    "decision.changed": "Decision changed",
}


@transaction.atomic
def record_what_changed(*, actor, project: Project, version: ExpectedVersion, what_changed: str) -> Project:
    project.what_changed = checks.required("what_changed", what_changed, "Say what has changed because of the project")
    save_versioned(project, expected_version=version, fields=["what_changed"], what="celebration")
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="project.what_changed",
        target=project,
        changes={"what_changed": "updated"},
    )
    return project


@transaction.atomic
def log_decision(
    *,
    actor,
    project: Project,
    question: str,
    options: str,
    method: str,
    rung: str,
    decided_on: date,
    present: Iterable[ProjectMember] = (),
    others_present: str = "",
    outcome: str,
    dissents: Iterable[tuple[str, str]] = (),
) -> Decision:
    """Log a decision. `dissents`: (name, words) pairs, each in the dissenter's own words."""
    question = checks.required("question", question, "Enter the question that was decided", 300)
    options = checks.required("options", options, "List the options that were considered")
    checks.choice("method", method, DecisionMethod, "Choose how the decision was made")
    checks.choice("rung", rung, Rung, "Choose where the decision sat on the ladder of co-production")
    checks.not_future("decided_on", decided_on, "of the decision")
    outcome = checks.required("outcome", outcome, "Enter what was decided")
    present = list(present)
    if any(member.project_id != project.pk for member in present):
        raise ValidationError({"present": "Choose people from this project's team."})
    dissents = [(name, words) for name, words in dissents if (words or "").strip()]
    decision = Decision.objects.create(
        project=project,
        question=question,
        options=options,
        method=method,
        rung=rung,
        decided_on=decided_on,
        others_present=(others_present or "").strip(),
        outcome=outcome,
        recorded_by=actor,
    )
    decision.present.set(present)
    for name, words in dissents:
        Dissent.objects.create(
            decision=decision, name=(name or "").strip() or "Anonymous", in_their_words=words.strip()
        )
    lived = sum(1 for m in present if m.role in LIVED_EXPERIENCE_ROLES)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="decision.logged",
        target=decision,
        changes={
            "project": project.title,
            "method": method,
            "rung": rung,
            "present": {"lived_experience": lived, "learnt_experience": len(present) - lived},
            "dissents": len(dissents),
        },
    )
    return decision


@transaction.atomic
def add_dissent(*, actor, decision: Decision, in_their_words: str, name: str = "") -> Dissent:
    """Someone records their own disagreement with a decision, in their own words."""
    words = checks.required("in_their_words", in_their_words, "Write your disagreement in your own words")
    dissent = Dissent.objects.create(
        decision=decision, person=actor, name=(name or "").strip() or str(actor), in_their_words=words
    )
    audit.record(
        actor=actor,
        organisation=decision.project.organisation,
        action="decision.dissent_added",
        target=decision,
        changes={"project": decision.project.title},
    )
    return dissent


@transaction.atomic
def add_reflection(*, actor, project: Project, prompt: str, text: str) -> Reflection:
    checks.choice("prompt", prompt, ReflectionPrompt, "Choose what you are reflecting on")
    reflection = Reflection.objects.create(
        project=project, prompt=prompt, text=checks.required("text", text, "Write your reflection"), author=actor
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="reflection.added",
        target=reflection,
        changes={"project": project.title, "prompt": prompt},
    )
    return reflection


@transaction.atomic
def update_decision(
    *,
    actor,
    decision: Decision,
    version: ExpectedVersion,
    question: str,
    options: str,
    method: str,
    rung: str,
    decided_on: date,
    present: Iterable[ProjectMember] = (),
    others_present: str = "",
    outcome: str,
):
    """Correct a logged decision. Dissent stays as it was written: it is the dissenter's words, not the log's."""
    checks.choice("method", method, DecisionMethod, "Choose how the decision was made")
    checks.choice("rung", rung, Rung, "Choose where the decision sat on the ladder of co-production")
    present = list(present)
    if any(member.project_id != decision.project_id for member in present):
        raise ValidationError({"present": "Choose people from this project's team."})
    values = {
        "question": checks.required("question", question, "Enter the question that was decided", 300),
        "options": checks.required("options", options, "List the options that were considered"),
        "method": method,
        "rung": rung,
        "decided_on": checks.not_future("decided_on", decided_on, "of the decision"),
        "others_present": (others_present or "").strip(),
        "outcome": checks.required("outcome", outcome, "Enter what was decided"),
    }
    before_present = set(decision.present.values_list("pk", flat=True))
    after_present = {m.pk for m in present}
    room = {"present": [len(before_present), len(after_present)]} if before_present != after_present else {}
    checks.save_changes(
        decision,
        actor=actor,
        organisation=decision.project.organisation,
        version=version,
        values=values,
        what="decision",
        action="decision.changed",
        extra=room,
    )
    if room:
        decision.present.set(present)
    return decision

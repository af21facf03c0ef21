"""Writes for a project's activities and who attended them (the hours that make its involvement profile), in a
project or organisation-wide. Each write is keyword-only, in one transaction, recording one audit event; validation
problems are `ValidationError`s naming the field and an edit that lost a race is an `EditConflict`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, save_versioned
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.projects import registry
from coqi.projects.choices import (
    ActivityKind,
    Rung,
)
from coqi.projects.models import (
    Activity,
    Attendance,
    Project,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "activity.recorded": "Activity recorded",
    "activity.updated": "Activity changed",
}


# How far ahead an activity can be planned; further out is almost always a mistyped year.
PLANNING_HORIZON = timedelta(days=2 * 366)


def _check_activity(kind, title, held_on, hours, rung, *, attendees) -> tuple[str, str, date, Decimal, str]:
    """An activity may be planned ahead (so partners see what is coming up), but who came, and so payment,
    can only be recorded once it has happened."""
    checks.choice("kind", kind, ActivityKind, "Choose the kind of activity")
    title = checks.required("title", title, "Enter a title for the activity", 200)
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the activity."})
    today = timezone.localdate()
    if held_on > today + PLANNING_HORIZON:
        raise ValidationError({"held_on": "Activities can be planned up to two years ahead. Check the year."})
    if held_on > today and attendees:
        raise ValidationError(
            {
                "attendees": "You can record who came once the activity has happened. "
                "Save it without anyone ticked to plan it ahead."
            }
        )
    hours = checks.hours("hours", hours)
    checks.choice("rung", rung, Rung, "Choose where the activity sat on the ladder of co-production")
    return kind, title, held_on, hours, rung


def _attendance_rows(organisation, project, attendees, default_hours: Decimal) -> list[tuple[object, Decimal, str]]:
    rows, seen = [], set()
    for entry in attendees:
        person, hours = entry if isinstance(entry, tuple) else (entry, None)
        if person.pk in seen:
            raise ValidationError({"attendees": f"{person} is listed twice."})
        seen.add(person.pk)
        checks.organisation_member(organisation, person, "attendees")
        rows.append(
            (
                person,
                default_hours if hours is None else checks.hours("attendees", hours),
                checks.experience_in(project, organisation, person),
            )
        )
    return rows


@transaction.atomic
def record_activity(
    *,
    actor,
    organisation: Organisation,
    project: Project | None = None,
    kind: str,
    title: str,
    held_on: date,
    hours,
    rung: str,
    notes: str = "",
    attendees: Iterable = (),
) -> Activity:
    """Record an activity and who was there. `attendees`: people, or (person, hours) when they stayed less."""
    if project is not None and project.organisation_id != organisation.pk:
        raise ValidationError({"project": "That project is not in this organisation."})
    attendees = list(attendees)
    kind, title, held_on, hours, rung = _check_activity(kind, title, held_on, hours, rung, attendees=attendees)
    rows = _attendance_rows(organisation, project, attendees, hours)
    activity = Activity.objects.create(
        organisation=organisation,
        project=project,
        kind=kind,
        title=title,
        held_on=held_on,
        hours=hours,
        rung=rung,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    Attendance.objects.bulk_create(
        Attendance(activity=activity, person=person, hours=h, experience=experience) for person, h, experience in rows
    )
    registry.attendance_changed(actor=actor, activity=activity)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="activity.recorded",
        target=activity,
        changes={
            "project": project.title if project else None,
            "kind": kind,
            "held_on": held_on.isoformat(),
            "rung": rung,
            "attendees": len(rows),
            "lived_experience_attendees": sum(1 for *_, e in rows if e == Experience.LIVED),
        },
    )
    return activity


@transaction.atomic
def update_activity(
    *,
    actor,
    activity: Activity,
    version: ExpectedVersion,
    kind: str,
    title: str,
    held_on: date,
    hours,
    rung: str,
    notes: str = "",
    attendees: Iterable = (),
) -> Activity:
    """Change an activity. Attendance records are kept where the person is still listed (payments refer to them)."""
    attendees = list(attendees)
    kind, title, held_on, hours, rung = _check_activity(kind, title, held_on, hours, rung, attendees=attendees)
    rows = _attendance_rows(activity.organisation, activity.project, attendees, hours)
    before = {f: getattr(activity, f) for f in ("kind", "title", "held_on", "hours", "rung")}
    activity.kind, activity.title, activity.held_on, activity.hours, activity.rung = kind, title, held_on, hours, rung
    activity.notes = (notes or "").strip()
    save_versioned(
        activity,
        expected_version=version,
        fields=["kind", "title", "held_on", "hours", "rung", "notes"],
        what="activity",
    )
    existing = {a.person_id: a for a in activity.attendances.all()}
    wanted = {person.pk for person, *_ in rows}
    activity.attendances.exclude(person_id__in=wanted).delete()
    for person, h, experience in rows:
        current = existing.get(person.pk)
        if current is None:
            Attendance.objects.create(activity=activity, person=person, hours=h, experience=experience)
        elif current.hours != h:
            current.hours = h
            current.save(update_fields=["hours"])
    registry.attendance_changed(actor=actor, activity=activity)
    changes = {k: [str(v), str(getattr(activity, k))] for k, v in before.items() if v != getattr(activity, k)}
    changes["attendees"] = [len(existing), len(rows)]
    audit.record(
        actor=actor, organisation=activity.organisation, action="activity.updated", target=activity, changes=changes
    )
    return activity

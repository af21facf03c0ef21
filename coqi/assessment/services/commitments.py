"""Writes for commitments: each keyword-only, in one transaction, recording one audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.assessment.models.commitments import CheckIn, Commitment, Level, Status
from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, check_version, save_versioned
from coqi.core.models import Organisation

__all__ = ["make_commitment", "edit_commitment", "check_in"]

AUDIT_LABELS = {
    "commitment.made": "Commitment made",
    "commitment.edited": "Commitment changed",
    "commitment.checked_in": "Commitment checked in",
}

TEXT_LIMIT = 2000


def _text(value: str, field: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: f"Enter {what}."})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: f"{what.capitalize()} must be {TEXT_LIMIT} characters or fewer."})
    return text


def _member(organisation: Organisation, person):
    if person is None or not organisation.memberships.filter(user=person).exists():
        raise ValidationError({"owner": "Choose a member of the organisation to own this commitment."})
    return person


@transaction.atomic
def make_commitment(
    *,
    actor,
    organisation: Organisation,
    level: str,
    text: str,
    owner,
    review_on: date,
    source_round=None,
    source_section: str = "",
) -> Commitment:
    if level not in Level.values:
        raise ValidationError({"level": "Choose as an individual, as a leader or as a system."})
    text = _text(text, "text", "what you commit to")
    _member(organisation, owner)
    if not isinstance(review_on, date):
        raise ValidationError({"review_on": "Enter the date to review this commitment."})
    if source_round is not None and source_round.organisation_id != organisation.pk:
        raise ValidationError({"source_round": "That round belongs to another organisation."})
    commitment = Commitment.objects.create(
        organisation=organisation,
        level=level,
        text=text,
        owner=owner,
        review_on=review_on,
        source_round=source_round,
        source_section=(source_section or "")[:80],
        created_by=actor,
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="commitment.made",
        target=commitment,
        changes={"level": level, "owner": owner, "review_on": review_on.isoformat()},
    )
    return commitment


@transaction.atomic
def check_in(
    *,
    actor,
    commitment: Commitment,
    note: str,
    status: str,
    next_review_on: date | None = None,
    expected_version: ExpectedVersion,
) -> CheckIn:
    """Record a follow-up; the commitment takes the new status (and review date, if given)."""
    note = _text(note, "note", "what has happened")
    if status not in Status.values:
        raise ValidationError({"status": "Choose a status."})
    if next_review_on is not None and next_review_on < timezone.localdate():
        raise ValidationError({"next_review_on": "The next review date must be today or later."})
    before = (commitment.status, commitment.review_on)
    commitment.status = status
    if next_review_on is not None:
        commitment.review_on = next_review_on
    save_versioned(commitment, expected_version=expected_version, fields=["status", "review_on"], what="commitment")
    entry = CheckIn.objects.create(
        commitment=commitment, author=actor, note=note, status=status, next_review_on=next_review_on
    )
    audit.record(
        actor=actor,
        organisation=commitment.organisation,
        action="commitment.checked_in",
        target=commitment,
        changes={"status": [before[0], status], "review_on": [before[1].isoformat(), commitment.review_on.isoformat()]},
    )
    return entry


EDITABLE = ("text", "owner", "level", "review_on", "status")


@transaction.atomic
def edit_commitment(*, actor, commitment: Commitment, expected_version: ExpectedVersion, **changes) -> Commitment:
    """Change any of text, owner, level, review date and status, refused if someone saved since `expected_version`.

    Only the fields given are changed. A review date is checked only when it changes, so an overdue commitment
    can still have its wording corrected without first moving its date.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = {field: getattr(commitment, field) for field in EDITABLE}
    if "text" in changes:
        changes["text"] = _text(changes["text"], "text", "what you commit to")
    if "level" in changes and changes["level"] not in Level.values:
        raise ValidationError({"level": "Choose as an individual, as a leader or as a system."})
    if "status" in changes and changes["status"] not in Status.values:
        raise ValidationError({"status": "Choose a status."})
    if "owner" in changes:
        _member(commitment.organisation, changes["owner"])
    if "review_on" in changes and changes["review_on"] != before["review_on"]:
        if not isinstance(changes["review_on"], date):
            raise ValidationError({"review_on": "Enter the date to review this commitment."})
        if changes["review_on"] < timezone.localdate():
            raise ValidationError({"review_on": "A new review date must be today or later."})
    changed = {field: value for field, value in changes.items() if value != before[field]}
    if not changed:
        # Nothing to write, but a stale form is still told someone else has changed it meanwhile.
        stored = Commitment.objects.filter(pk=commitment.pk).values_list("version", flat=True).first()
        check_version(stored, expected_version, what="commitment")
        return commitment
    for field, value in changed.items():
        setattr(commitment, field, value)
    save_versioned(commitment, expected_version=expected_version, fields=list(changed), what="commitment")
    audit.record(
        actor=actor,
        organisation=commitment.organisation,
        action="commitment.edited",
        target=commitment,
        changes={field: [_plain(before[field]), _plain(value)] for field, value in changed.items()},
    )
    return commitment


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "email"):
        return value.display_name or value.email
    return value

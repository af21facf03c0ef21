"""Reads for commitments, always through the organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from coqi.commitments.models import OPEN_STATUSES, Commitment
from coqi.core.models import Organisation


def _as_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if number <= 0 or number > 2**62:
        raise Http404
    return number


def commitments_of(*, organisation: Organisation) -> QuerySet[Commitment]:
    return organisation.commitments.select_related("owner", "source_round")


def commitment_for(*, organisation: Organisation, commitment_id) -> Commitment:
    commitment = (
        commitments_of(organisation=organisation).select_related("organisation")
        .filter(pk=_as_id(commitment_id)).first()
    )
    if commitment is None:
        raise Http404
    return commitment


def check_ins_of(*, commitment: Commitment):
    return commitment.check_ins.select_related("author")


def overdue(*, organisation: Organisation, owner=None, today=None) -> QuerySet[Commitment]:
    """Open commitments whose review date has passed (one person's, when `owner` is given)."""
    rows = commitments_of(organisation=organisation).filter(
        status__in=OPEN_STATUSES, review_on__lt=today or timezone.localdate()
    )
    return rows.filter(owner=owner) if owner is not None else rows

"""Reads for commitments, always through the organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from coqi.assessment.models.commitments import OPEN_STATUSES, Commitment
from coqi.core.converters import id_or_404
from coqi.core.models import Organisation


def commitments_of(*, organisation: Organisation) -> QuerySet[Commitment]:
    return organisation.commitments.select_related("owner", "source_round")


def commitment_for(*, organisation: Organisation, commitment_id) -> Commitment:
    commitment = (
        commitments_of(organisation=organisation)
        .select_related("organisation")
        .filter(pk=id_or_404(commitment_id))
        .first()
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


def following_up(*, round) -> dict[str, list[Commitment]]:
    """Commitments made from a round's gaps, by section id, so the results page shows which gaps have an owner."""
    by_section: dict[str, list[Commitment]] = {}
    for commitment in round.commitments.select_related("owner").order_by("created_at", "id"):
        by_section.setdefault(commitment.source_section, []).append(commitment)
    return by_section


def gap_in(*, round, section_id: str):
    """The perception gap on one section of a round's results, or 404 if the results do not show one (not
    enough people yet, or lived and learnt experience agree)."""
    from coqi.assessment.selectors import rounds as assessment_selectors

    result = assessment_selectors.round_results(round=round)
    section = next((s for s in result.sections if s.id == section_id and s.gap is not None), None)
    if section is None:
        raise Http404
    return section


def suggested_text(*, round, section) -> str:
    """A first wording for a commitment about a gap; its maker is taken straight to edit it."""
    direction = "lower" if section.gap < 0 else "higher"
    return (
        f"Close the perception gap on {section.title} from the {round.title} self-assessment: people with lived "
        f"experience rated it {abs(section.gap):.1f} {direction} than people with learnt experience. Talk it "
        "through together, agree what to change, and check whether the gap narrows in the next round."
    )

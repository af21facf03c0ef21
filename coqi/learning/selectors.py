"""Reads for the learning register and development opportunities; always through the organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coqi.core.converters import id_or_404
from coqi.core.formatting import financial_year
from coqi.core.models import Organisation
from coqi.core.roles import Experience, Role
from coqi.learning.models import (
    DevelopmentOpportunity,
    LearningAttendance,
    LearningEvent,
    OpportunityResponse,
    ResponseStatus,
)

# --- the register -----------------------------------------------------------------------------------------


def events_of(*, organisation: Organisation) -> QuerySet[LearningEvent]:
    """Every learning event, latest first, with how many attended from each group (one query)."""
    return organisation.learning_events.annotate(
        attendee_count=Count("attendances", distinct=True),
        lived_count=Count("attendances", filter=Q(attendances__experience=Experience.LIVED), distinct=True),
        learnt_count=Count("attendances", filter=Q(attendances__experience=Experience.LEARNT), distinct=True),
    ).order_by("-held_on", "-id")


def events_with_attendance(*, organisation: Organisation) -> QuerySet[LearningEvent]:
    """Every learning event with its attendances and their people prefetched (two queries), for the API."""
    return organisation.learning_events.prefetch_related(
        Prefetch("attendances", queryset=LearningAttendance.objects.select_related("person").order_by("id"))
    ).order_by("-held_on", "-id")


def event_for(*, organisation: Organisation, event_id) -> LearningEvent:
    event = (
        events_with_attendance(organisation=organisation)
        .select_related("organisation")
        .filter(pk=id_or_404(event_id))
        .first()
    )
    if event is None:
        raise Http404
    return event


def learning_record(*, organisation: Organisation, person) -> list[LearningAttendance]:
    """The learning events someone attended here, latest first."""
    return list(
        LearningAttendance.objects.filter(event__organisation=organisation, person=person)
        .select_related("event")
        .order_by("-event__held_on", "-event_id")
    )


@dataclass
class YearFigures:
    """One financial year (1 April – 31 March) of learning, named by the year it starts."""

    year: int
    events: int = 0
    attendances: int = 0
    lived_attendances: int = 0
    learnt_attendances: int = 0
    events_together: int = 0  # attended by at least one lived and one learnt experience member
    lived_hours: Decimal = Decimal("0")
    learnt_hours: Decimal = Decimal("0")
    opportunities_offered: int = 0
    taken_up: int = 0
    by_topic: dict = field(default_factory=dict)

    @property
    def share_together(self) -> float:
        return self.events_together / self.events if self.events else 0.0


def figures_by_year(*, organisation: Organisation) -> list[YearFigures]:
    """Events, attendances and the share of events learnt together, per financial year, latest first (3 queries)."""
    years: dict[int, YearFigures] = {}

    def year_of(day) -> YearFigures:
        key = financial_year(day)
        return years.setdefault(key, YearFigures(key))

    groups: dict[int, set[str]] = defaultdict(set)
    for row in LearningAttendance.objects.filter(event__organisation=organisation).values(
        "event_id", "experience", "event__held_on", "event__hours"
    ):
        figures = year_of(row["event__held_on"])
        figures.attendances += 1
        if row["experience"] == Experience.LIVED:
            figures.lived_attendances += 1
            figures.lived_hours += row["event__hours"]
        else:
            figures.learnt_attendances += 1
            figures.learnt_hours += row["event__hours"]
        groups[row["event_id"]].add(row["experience"])
    for event_id, held_on, topic in organisation.learning_events.values_list("id", "held_on", "topic"):
        figures = year_of(held_on)
        figures.events += 1
        figures.by_topic[topic] = figures.by_topic.get(topic, 0) + 1
        if groups.get(event_id, set()) >= {Experience.LIVED, Experience.LEARNT}:
            figures.events_together += 1
    for offered_on, taken in organisation.development_opportunities.annotate(
        taken=Count("responses", filter=Q(responses__status=ResponseStatus.TAKEN_UP))
    ).values_list("offered_on", "taken"):
        figures = year_of(offered_on)
        figures.opportunities_offered += 1
        figures.taken_up += taken
    return sorted(years.values(), key=lambda f: -f.year)


# --- development opportunities ----------------------------------------------------------------------------


def opportunities_of(*, organisation: Organisation) -> QuerySet[DevelopmentOpportunity]:
    """Every opportunity with how many people stand where (one query)."""
    counts = {
        f"{status}_count": Count("responses", filter=Q(responses__status=status), distinct=True)
        for status in ResponseStatus.values
    }
    return organisation.development_opportunities.annotate(**counts).order_by("-offered_on", "-id")


def opportunities_with_responses(*, organisation: Organisation) -> QuerySet[DevelopmentOpportunity]:
    return organisation.development_opportunities.prefetch_related(
        Prefetch("responses", queryset=OpportunityResponse.objects.select_related("person").order_by("id"))
    ).order_by("-offered_on", "-id")


def opportunity_for(*, organisation: Organisation, opportunity_id) -> DevelopmentOpportunity:
    opportunity = (
        opportunities_with_responses(organisation=organisation)
        .select_related("organisation")
        .filter(pk=id_or_404(opportunity_id))
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def _visible_to(organisation: Organisation, person, role: str | None) -> Q:
    named = Q(responses__person=person)
    if role == Role.LIVED_EXPERIENCE_PARTNER:
        return named | Q(open_to_all_partners=True)
    return named


def can_see(*, opportunity: DevelopmentOpportunity, person, role: str | None) -> bool:
    """Open-to-all opportunities are for lived experience partners; named ones for the people named."""
    if opportunity.open_to_all_partners and role == Role.LIVED_EXPERIENCE_PARTNER:
        return True
    return opportunity.responses.filter(person=person).exists()


@dataclass
class MyOpportunity:
    opportunity: DevelopmentOpportunity
    status: str | None  # None: open to all partners and not answered yet

    @property
    def status_label(self) -> str:
        if self.status == ResponseStatus.OFFERED:
            return "Offered to you"
        return ResponseStatus(self.status).label if self.status else "Open to you"

    @property
    def can_answer(self) -> bool:
        return self.status in (None, ResponseStatus.OFFERED, ResponseStatus.INTERESTED) and not (
            self.opportunity.is_closed() and self.status is None
        )


def opportunities_for_person(*, organisation: Organisation, person, role: str | None) -> list[MyOpportunity]:
    """The opportunities offered to someone (by name, or open to all partners), with where they stand (2 queries).
    Open-to-all opportunities that have closed are left out unless they answered."""
    if not getattr(person, "is_authenticated", False):
        return []
    today = timezone.localdate()
    visible = organisation.development_opportunities.filter(
        pk__in=organisation.development_opportunities.filter(_visible_to(organisation, person, role)).values("pk")
    ).order_by("-offered_on", "-id")
    mine = dict(
        OpportunityResponse.objects.filter(opportunity__organisation=organisation, person=person).values_list(
            "opportunity_id", "status"
        )
    )
    rows = []
    for opportunity in visible:
        status = mine.get(opportunity.pk)
        if status is None and opportunity.is_closed(today):
            continue
        rows.append(MyOpportunity(opportunity, status))
    return rows

"""Reads for activities and attendance: a project's or the organisation's activities, one activity, the co-production
(involvement) profile by quarter, and the organisation's activity mix for the board report. Everything is reached
through the organisation, so another organisation's ids are 404."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.projects.choices import Rung
from coqi.projects.models import (
    Activity,
    Attendance,
    Project,
)


def _activity_rows(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("project").annotate(
        attendee_count=Count("attendances", distinct=True),
        lived_count=Count("attendances", filter=Q(attendances__experience=Experience.LIVED), distinct=True),
    )


def activities_of(*, project: Project) -> QuerySet[Activity]:
    return _activity_rows(project.activities.all()).order_by("-held_on", "-id")


def organisation_activities(*, organisation: Organisation) -> QuerySet[Activity]:
    """Activities outside any project (forums, training, community events)."""
    return _activity_rows(organisation.activities.filter(project__isnull=True)).order_by("-held_on", "-id")


ANY_PROJECT = object()


def activity_in(*, organisation: Organisation, activity_id, project=ANY_PROJECT) -> Activity:
    """One activity of this organisation: of `project` when given, outside projects when None, else any."""
    activities = organisation.activities.select_related("project", "organisation")
    if project is not ANY_PROJECT:
        activities = activities.filter(project=project)
    activity = (
        activities.prefetch_related(Prefetch("attendances", queryset=Attendance.objects.select_related("person")))
        .filter(pk=id_or_404(activity_id))
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


QUARTER_NAMES = {1: "January to March", 2: "April to June", 3: "July to September", 4: "October to December"}


@dataclass
class ProfilePeriod:
    label: str
    rung_counts: dict[str, int]
    total: int
    with_partners: int
    partner_hours: Decimal

    @property
    def segments(self) -> list[tuple[str, str, int, float, float]]:
        """(rung value, label, count, start %, width %) for a stacked bar, lowest rung first."""
        result, start = [], 0.0
        for value, label in Rung.choices:
            count = self.rung_counts.get(value, 0)
            if count:
                width = 100.0 * count / self.total
                result.append((value, label, count, start, width))
                start += width
        return result


@dataclass
class CoproductionProfile:
    periods: list[ProfilePeriod]
    rung_totals: dict[str, int]
    activity_count: int
    with_partners: int
    partner_hours: Decimal
    staff_hours: Decimal
    partner_people: int

    @property
    def share_with_partners(self) -> float:
        return self.with_partners / self.activity_count if self.activity_count else 0.0

    @property
    def partner_hours_share(self) -> float:
        total = self.partner_hours + self.staff_hours
        return float(self.partner_hours / total) if total else 0.0

    @property
    def rungs(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.rung_totals.get(value, 0)) for value, label in Rung.choices]

    @property
    def highest_rung_share(self) -> float:
        """Share of activities at co-design or co-production."""
        top = self.rung_totals.get(Rung.CO_DESIGN, 0) + self.rung_totals.get(Rung.CO_PRODUCTION, 0)
        return top / self.activity_count if self.activity_count else 0.0


def coproduction_profile(*, project: Project) -> CoproductionProfile:
    """Rung mix by quarter, the share of activities with lived-experience partners there, and hours — two queries."""
    activities = list(
        project.activities.annotate(
            lived_count=Count("attendances", filter=Q(attendances__experience=Experience.LIVED)),
        ).order_by("held_on", "id")
    )
    hours = {
        row["experience"]: row["hours"] or Decimal("0")
        for row in Attendance.objects.filter(activity__project=project)
        .values("experience")
        .annotate(hours=Sum("hours"), people=Count("person", distinct=True))
    }
    partner_people = (
        Attendance.objects.filter(activity__project=project, experience=Experience.LIVED)
        .values("person")
        .distinct()
        .count()
    )
    lived_hours_by_activity = dict(
        Attendance.objects.filter(activity__project=project, experience=Experience.LIVED)
        .values_list("activity_id")
        .annotate(total=Sum("hours"))
    )
    periods: dict[tuple[int, int], ProfilePeriod] = {}
    rung_totals: Counter = Counter()
    with_partners = 0
    for activity in activities:
        key = _quarter(activity.held_on)
        period = periods.get(key)
        if period is None:
            period = periods[key] = ProfilePeriod(
                label=f"{QUARTER_NAMES[key[1]]} {key[0]}",
                rung_counts={},
                total=0,
                with_partners=0,
                partner_hours=Decimal("0"),
            )
        period.rung_counts[activity.rung] = period.rung_counts.get(activity.rung, 0) + 1
        period.total += 1
        period.partner_hours += lived_hours_by_activity.get(activity.pk, Decimal("0"))
        rung_totals[activity.rung] += 1
        if activity.lived_count:
            period.with_partners += 1
            with_partners += 1
    return CoproductionProfile(
        periods=[periods[key] for key in sorted(periods)],
        rung_totals=dict(rung_totals),
        activity_count=len(activities),
        with_partners=with_partners,
        partner_hours=hours.get(Experience.LIVED, Decimal("0")),
        staff_hours=hours.get(Experience.LEARNT, Decimal("0")),
        partner_people=partner_people,
    )


@dataclass
class ActivityMix:
    """The organisation's involvement activities in a period, by rung, with partners' and staff hours."""

    rung_totals: dict[str, int]
    activity_count: int
    with_partners: int
    partner_hours: Decimal
    staff_hours: Decimal
    partner_people: int

    @property
    def rungs(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.rung_totals.get(value, 0)) for value, label in Rung.choices]

    @property
    def share_with_partners(self) -> float:
        return self.with_partners / self.activity_count if self.activity_count else 0.0

    @property
    def highest_rung_share(self) -> float:
        top = self.rung_totals.get(Rung.CO_DESIGN, 0) + self.rung_totals.get(Rung.CO_PRODUCTION, 0)
        return top / self.activity_count if self.activity_count else 0.0


def organisation_activity_mix(*, organisation: Organisation, since: date, until: date) -> ActivityMix:
    """Every activity of the organisation (in projects or not) held in the period — three queries, whatever the
    number of projects."""
    activities = organisation.activities.filter(held_on__range=(since, until))
    rows = (
        activities.values("rung")
        .annotate(
            n=Count("id", distinct=True),
            lived=Count("id", filter=Q(attendances__experience=Experience.LIVED), distinct=True),
        )
        .order_by()
    )
    rung_totals, with_partners = {}, 0
    for row in rows:
        rung_totals[row["rung"]] = row["n"]
        with_partners += row["lived"]
    attendances = Attendance.objects.filter(activity__in=activities.values("pk"))
    hours = {
        row["experience"]: row["hours"] or Decimal("0")
        for row in attendances.values("experience").annotate(hours=Sum("hours")).order_by()
    }
    partner_people = attendances.filter(experience=Experience.LIVED).values("person").distinct().count()
    return ActivityMix(
        rung_totals=rung_totals,
        activity_count=sum(rung_totals.values()),
        with_partners=with_partners,
        partner_hours=hours.get(Experience.LIVED, Decimal("0")),
        staff_hours=hours.get(Experience.LEARNT, Decimal("0")),
        partner_people=partner_people,
    )

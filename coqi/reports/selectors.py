"""The board report's figures, read from each area through that area's own selectors.

Every section is read in a fixed number of queries, whatever the number of projects, measures or partners, so
the report (HTML, PDF and JSON alike) stays quick as an organisation grows. An area with nothing recorded gives
an empty section, which the pages show as a plain sentence rather than an error.

The report names no individual partner: it is a board paper, often published, so partners appear only as
counts, hours and shares (see ADR 0019).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from coqi.assessment.models.commitments import OPEN_STATUSES
from coqi.assessment.models.commitments import Status as CommitmentStatus
from coqi.assessment.selectors import commitments as commitment_selectors
from coqi.assessment.selectors import rounds as assessment_selectors
from coqi.core import selectors as core_selectors
from coqi.core.formatting import financial_year
from coqi.core.models import Organisation
from coqi.core.roles import Role
from coqi.experience import selectors as experience_selectors
from coqi.improvement.selectors import measures as measure_selectors
from coqi.partners.selectors.partnership import organisation_concentration
from coqi.payments import selectors as payment_selectors
from coqi.payments.models import ClaimStatus
from coqi.projects.choices import STAGE_DESCRIPTIONS, Stage
from coqi.projects.selectors import activities as activity_selectors
from coqi.projects.selectors import projects as project_selectors
from coqi.reports.period import Period

TOP_THEMES = 5


# --- sections --------------------------------------------------------------------------------------------------


@dataclass
class StageRow:
    value: str
    label: str
    description: str
    projects: list

    @property
    def count(self) -> int:
        return len(self.projects)


@dataclass
class Portfolio:
    stages: list[StageRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.stages)


@dataclass
class MeasureRow:
    """One chart of one measure (a measure split by group gives one row per group)."""

    project_id: int
    project_title: str
    measure_id: int
    title: str
    kind: str
    unit: str
    latest_period: date | None
    latest_value: float | None
    variation: str | None  # MDC icon name, e.g. "improvement_high"
    variation_words: str
    assurance: str | None  # "pass", "fail", "inconsistent"
    assurance_words: str
    words: str
    variation_svg: str = ""
    assurance_svg: str = ""


@dataclass
class EarlyInvolvement:
    projects_started: int  # projects with at least one activity recorded
    partners_from_first: int  # of those, with a lived-experience partner at the very first activity

    @property
    def share(self) -> float | None:
        return self.partners_from_first / self.projects_started if self.projects_started else None


@dataclass
class Payments:
    paid_pence: int = 0
    approved_pence: int = 0  # approved, waiting to be paid
    items: int = 0
    people: int = 0
    # True when fewer than SMALL_GROUP people were paid and the reader may not see individual pay: the amounts
    # are then left at zero, because a total over one or two people is their pay.
    withheld: bool = False

    @property
    def total_pence(self) -> int:
        return self.paid_pence + self.approved_pence


@dataclass
class Concentration:
    """The partnership area's concentration-risk figures, or why they are missing."""

    available: bool
    partner_count: int = 0
    partner_hours: Decimal = Decimal("0")
    top_three_share: float | None = None  # 0 to 1
    index: float | None = None
    effective_partners: float | None = None
    single_partner_projects: list[str] = field(default_factory=list)  # project titles
    busy_partners: int = 0
    since: date | None = None
    alert: bool = False
    alert_message: str = ""


@dataclass
class ExperienceSummary:
    responses: int
    scored: int
    positive: int
    top_themes: list[tuple[str, int]]

    @property
    def percent_positive(self) -> float | None:
        return 100 * self.positive / self.scored if self.scored else None


@dataclass
class AssessmentSummary:
    rounds_with_results: int
    latest: object | None  # assessment RoundResults
    # The organisation chose anonymity in the system view and the reader is a system viewer (ADR 0026).
    withheld: bool = False


@dataclass
class CommitmentRow:
    id: int
    level: str
    level_label: str
    text: str
    owner: str
    review_on: date
    status: str
    status_label: str
    overdue: bool


@dataclass
class CommitmentSummary:
    open: list[CommitmentRow]
    done: int
    stopped: int

    @property
    def overdue(self) -> list[CommitmentRow]:
        return [row for row in self.open if row.overdue]


@dataclass
class Success:
    project_id: int
    title: str
    what_changed: str
    partner_count: int
    activity_count: int


@dataclass
class BoardReport:
    organisation: Organisation
    period: Period
    today: date
    portfolio: Portfolio
    measures: list[MeasureRow]
    early_involvement: EarlyInvolvement
    activity_mix: object  # projects' ActivityMix
    payments: Payments
    concentration: Concentration
    experience: ExperienceSummary
    assessment: AssessmentSummary
    commitments: CommitmentSummary
    successes: list[Success] = field(default_factory=list)


# --- reading each area ------------------------------------------------------------------------------------------


def _portfolio_and_involvement(organisation: Organisation):
    projects = list(project_selectors.projects_in(organisation=organisation))
    stages = [
        StageRow(value, label, str(STAGE_DESCRIPTIONS[value]), [p for p in projects if p.stage == value])
        for value, label in Stage.choices
    ]
    started = [p for p in projects if p.first_activity_id is not None]
    involvement = EarlyInvolvement(len(started), sum(1 for p in started if p.partner_at_first_activity))
    successes = [
        Success(p.pk, p.title, p.what_changed, p.partner_count, p.activity_count)
        for p in projects
        if p.stage == Stage.CELEBRATE
    ]
    return Portfolio(stages), involvement, successes


def _measures(organisation: Organisation, period: Period, icons: bool) -> list[MeasureRow]:
    rows = []
    for summary in measure_selectors.organisation_summary(organisation=organisation, until=period.end):
        measure = summary.measure
        for chart in summary.charts or [None]:
            if chart is None:  # a measure with no data (up to the end of the period) yet
                rows.append(
                    MeasureRow(
                        project_id=measure.project_id,
                        project_title=measure.project.title,
                        measure_id=measure.pk,
                        title=measure.name,
                        kind=measure.get_kind_display(),
                        unit=measure.unit,
                        latest_period=None,
                        latest_value=None,
                        variation=None,
                        variation_words="No data yet",
                        assurance=None,
                        assurance_words="No target set" if measure.target is None else "Not assessed",
                        words="No data yet.",
                    )
                )
                continue
            last = chart.rows[-1] if chart.rows else None
            rows.append(
                MeasureRow(
                    project_id=measure.project_id,
                    project_title=measure.project.title,
                    measure_id=measure.pk,
                    title=chart.title,
                    kind=measure.get_kind_display(),
                    unit=measure.unit,
                    latest_period=last.period if last else None,
                    latest_value=last.value if last else None,
                    variation=chart.variation.name if chart.variation else None,
                    variation_words=chart.variation.description if chart.variation else "Not enough data yet",
                    assurance=chart.assurance.name if chart.assurance else None,
                    assurance_words=(
                        chart.assurance.description
                        if chart.assurance
                        else "No target set"
                        if measure.target is None
                        else "Not assessed"
                    ),
                    words=chart.words,
                    variation_svg=chart.variation.svg if (icons and chart.variation) else "",
                    assurance_svg=chart.assurance.svg if (icons and chart.assurance) else "",
                )
            )
    return rows


# Money paid to fewer than SMALL_GROUP people is shown only under rule "money.see_small_totals".
SMALL_GROUP = 3


def _payments(organisation: Organisation, period: Period, *, show_small_groups: bool) -> Payments:
    """Approved and paid involvement payments and expenses for work done in the period (the payments area's
    finance export, read once per financial year the period touches)."""
    result = Payments()
    people = set()
    for year in range(financial_year(period.start), financial_year(period.end) + 1):
        for row in payment_selectors.export_rows(organisation=organisation, year=year):
            if not period.start <= row["day"] <= period.end:
                continue
            item = row["item"]
            if item.status == ClaimStatus.PAID:
                result.paid_pence += item.amount_pence
            else:
                result.approved_pence += item.amount_pence
            result.items += 1
            people.add(item.person_id)
    result.people = len(people)
    if not show_small_groups and 0 < result.people < SMALL_GROUP:
        return Payments(items=result.items, people=result.people, withheld=True)
    return result


def _count(value) -> int:
    if value is None:
        return 0
    if isinstance(value, (int, float, Decimal)):
        return int(value)
    return len(value)


def _share(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value / 100 if value > 1 else value  # accept a percentage as well as a fraction


def _concentration(organisation: Organisation, period: Period) -> Concentration:
    found = organisation_concentration(organisation=organisation, since=period.start)
    return Concentration(
        available=True,
        partner_count=found.partner_count,
        partner_hours=found.partner_hours,
        top_three_share=found.top_three_share,
        index=found.index,
        effective_partners=found.effective_partners,
        single_partner_projects=[p.title for p in found.single_partner_projects],
        # Counted, never named: the report names no individual partner.
        busy_partners=len(found.busy_partners),
        alert=found.alert,
        alert_message=found.alert_message,
        since=found.since,
    )


def _experience(organisation: Organisation, period: Period) -> ExperienceSummary:
    filters = experience_selectors.Filters(date_from=period.start, date_to=period.end)
    months = experience_selectors.monthly(organisation=organisation, filters=filters)
    themes = experience_selectors.themes_over_time(
        organisation=organisation, filters=filters, months=48, top=TOP_THEMES
    )
    return ExperienceSummary(
        responses=sum(m.responses for m in months),
        scored=sum(m.scored for m in months),
        positive=sum(m.positive for m in months),
        top_themes=[(name, total) for name, _counts, total in themes.rows],
    )


def _assessment(organisation: Organisation, period: Period) -> AssessmentSummary:
    results = [
        r
        for r in assessment_selectors.rounds_over_time(organisation=organisation)
        if timezone.localtime(r.round.opened_at).date() <= period.end
    ]
    return AssessmentSummary(rounds_with_results=len(results), latest=results[-1] if results else None)


PARTNER_OWNER = "A lived experience partner"


def _commitments(organisation: Organisation, today: date) -> CommitmentSummary:
    rows = list(commitment_selectors.commitments_of(organisation=organisation))
    # A partner's own commitment is shown without their name, like every other partner figure in the report.
    partners = (
        set(
            core_selectors.members_of(organisation=organisation)
            .filter(role=Role.LIVED_EXPERIENCE_PARTNER)
            .values_list("user_id", flat=True)
        )
        if rows
        else set()
    )
    open_rows = [
        CommitmentRow(
            id=c.pk,
            level=c.level,
            level_label=c.get_level_display(),
            text=c.text,
            owner=PARTNER_OWNER if c.owner_id in partners else (c.owner.display_name or c.owner.email),
            review_on=c.review_on,
            status=c.status,
            status_label=c.get_status_display(),
            overdue=c.is_overdue(today),
        )
        for c in rows
        if c.status in OPEN_STATUSES
    ]
    open_rows.sort(key=lambda row: (not row.overdue, row.review_on, row.id))
    return CommitmentSummary(
        open=open_rows,
        done=sum(1 for c in rows if c.status == CommitmentStatus.DONE),
        stopped=sum(1 for c in rows if c.status == CommitmentStatus.DROPPED),
    )


def board_report(
    *,
    organisation: Organisation,
    period: Period,
    today: date,
    icons: bool = True,
    show_small_groups: bool = False,
    hide_assessment: bool = False,
) -> BoardReport:
    """Everything in the board pack for one organisation and period. `icons`: include the MDC icons' SVG.
    `show_small_groups`: the reader may see money paid to fewer than SMALL_GROUP people (facilitators and admins,
    who approve claims anyway); everyone else sees that payments were made, not how much."""
    portfolio, involvement, successes = _portfolio_and_involvement(organisation)
    return BoardReport(
        organisation=organisation,
        period=period,
        today=today,
        portfolio=portfolio,
        measures=_measures(organisation, period, icons),
        early_involvement=involvement,
        activity_mix=activity_selectors.organisation_activity_mix(
            organisation=organisation, since=period.start, until=period.end
        ),
        payments=_payments(organisation, period, show_small_groups=show_small_groups),
        concentration=_concentration(organisation, period),
        experience=_experience(organisation, period),
        assessment=(
            AssessmentSummary(rounds_with_results=0, latest=None, withheld=True)
            if hide_assessment
            else _assessment(organisation, period)
        ),
        commitments=_commitments(organisation, today),
        successes=successes,
    )

"""Reads for projects. Everything is reached through the organisation, so another organisation's ids are 404."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.projects.choices import LIVED_EXPERIENCE_ROLES, RUNG_ORDER, Rung, TeamRole, VotingMethod
from coqi.projects.models import (
    Activity,
    Attendance,
    Decision,
    ImprovementQuestion,
    Prioritisation,
    Project,
    ProjectMember,
    Story,
)

LIVED_ROLE_VALUES = [str(role) for role in LIVED_EXPERIENCE_ROLES]


# --- projects ---------------------------------------------------------------------------------------------


def project_for(*, organisation: Organisation, project_id) -> Project:
    """One project of this organisation, or Http404 for unknown ids and ids of other organisations' projects."""
    project = organisation.projects.select_related("organisation").filter(pk=id_or_404(project_id)).first()
    if project is None:
        raise Http404
    return project


def _with_counts(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Team, partner and activity counts, and whether a partner was at the first activity — still one query."""
    first = Activity.objects.filter(project=OuterRef("pk")).order_by("held_on", "id").values("pk")[:1]
    return projects.annotate(
        team_size=Count("members", distinct=True),
        partner_count=Count("members", filter=Q(members__role__in=LIVED_ROLE_VALUES), distinct=True),
        activity_count=Count("activities", distinct=True),
        first_activity_id=Subquery(first),
        partner_at_first_activity=Exists(
            Attendance.objects.filter(activity_id=OuterRef("first_activity_id"), experience=Experience.LIVED)
        ),
    )


def projects_in(*, organisation: Organisation) -> QuerySet[Project]:
    """Every project of the organisation with its team and activity counts, in one query."""
    return _with_counts(organisation.projects.all()).order_by("title", "id")


def projects_of_person(*, organisation: Organisation, person) -> QuerySet[Project]:
    """The projects someone is on the team of ("my projects")."""
    if not getattr(person, "is_authenticated", False):
        return organisation.projects.none()
    mine = organisation.projects.filter(members__person=person).values("pk")
    return _with_counts(organisation.projects.filter(pk__in=mine)).order_by("title", "id")


# --- the team ---------------------------------------------------------------------------------------------


def team_place_of(*, project: Project, person) -> ProjectMember | None:
    return project.members.filter(person=person).first()


def team_of(*, project: Project) -> QuerySet[ProjectMember]:
    return project.members.select_related("person").order_by("joined_on", "id")


def member_in(*, project: Project, member_id) -> ProjectMember:
    member = project.members.select_related("person", "project__organisation").filter(pk=id_or_404(member_id)).first()
    if member is None:
        raise Http404
    return member


def pending_team_invitations(*, project: Project):
    return project.team_invitations.filter(
        member__isnull=True, invitation__accepted_at__isnull=True, invitation__revoked_at__isnull=True
    ).select_related("invitation")


def people_to_add(*, project: Project):
    """Members of the organisation not yet on the team, for the 'add someone' list."""
    return (
        project.organisation.memberships.select_related("user")
        .exclude(user__project_memberships__project=project)
        .order_by("user__display_name", "user__email")
    )


# --- partnership from the first conversation --------------------------------------------------------------


def first_activity(*, project: Project) -> Activity | None:
    return project.activities.order_by("held_on", "id").first()


@dataclass(frozen=True)
class PartnershipCheck:
    """Whether people with lived experience were there from the very first conversation."""

    first_activity: Activity | None
    lived_experience_present: list[str]

    @property
    def has_started(self) -> bool:
        return self.first_activity is not None

    @property
    def flagged(self) -> bool:
        return self.first_activity is not None and not self.lived_experience_present


def partnership_from_first_conversation(*, project: Project, first: Activity | None = None) -> PartnershipCheck:
    first = first if first is not None else first_activity(project=project)
    if first is None:
        return PartnershipCheck(None, [])
    names = [
        a.person.name
        for a in first.attendances.select_related("person").filter(experience=Experience.LIVED).order_by("id")
    ]
    return PartnershipCheck(first, names)


def _span(days: int) -> str:
    days = abs(days)
    if days == 1:
        return "1 day"
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{round(days / 7)} weeks"
    months = round(days / 30.4)
    return "1 month" if months == 1 else f"{months} months"


def relative_to_first(joined_on: date, first_on: date | None) -> str:
    """Plain English: when someone joined compared with the project's first activity."""
    if first_on is None:
        return "Before any activity (none recorded yet)"
    days = (joined_on - first_on).days
    if days == 0:
        return "On the day of the first activity"
    return f"{_span(days)} {'before' if days < 0 else 'after'} the first activity"


@dataclass(frozen=True)
class TimelineRow:
    member: ProjectMember
    days_from_first: int | None  # negative: joined before the first activity
    relative: str
    at_first_activity: bool

    @property
    def joined_late(self) -> bool:
        return self.days_from_first is not None and self.days_from_first > 0


def team_timeline(*, project: Project, first: Activity | None = None) -> list[TimelineRow]:
    """Each team member with when they joined relative to the first activity, earliest first."""
    first = first if first is not None else first_activity(project=project)
    at_first = set(first.attendances.values_list("person_id", flat=True)) if first else set()
    rows = []
    for member in team_of(project=project):
        days = (member.joined_on - first.held_on).days if first else None
        rows.append(
            TimelineRow(
                member=member,
                days_from_first=days,
                relative=relative_to_first(member.joined_on, first.held_on if first else None),
                at_first_activity=member.person_id in at_first,
            )
        )
    return rows


# --- activities and the co-production profile -------------------------------------------------------------


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


# --- what matters ------------------------------------------------------------------------------------------


def stories_of(*, project: Project) -> QuerySet[Story]:
    return project.stories.select_related("recorded_by").order_by("-created_at", "-id")


def story_in(*, project: Project, story_id) -> Story:
    story = project.stories.select_related("recorded_by").filter(pk=id_or_404(story_id)).first()
    if story is None:
        raise Http404
    return story


@dataclass
class Evidence:
    stories: list
    feedback_themes: list
    always_events: list
    touchpoints: list

    @property
    def count(self) -> int:
        return len(self.stories) + len(self.feedback_themes) + len(self.always_events) + len(self.touchpoints)


def evidence_of(*, project: Project) -> Evidence:
    return Evidence(
        stories=list(stories_of(project=project)),
        feedback_themes=list(project.feedback_themes.order_by("name", "id")),
        always_events=list(project.always_events.order_by("created_at", "id")),
        touchpoints=list(project.touchpoints.order_by("position", "id")),
    )


# --- improvement questions and prioritising together ------------------------------------------------------


def questions_of(*, project: Project) -> QuerySet[ImprovementQuestion]:
    return project.questions.prefetch_related("stories", "feedback_themes", "always_events", "touchpoints").order_by(
        "created_at", "id"
    )


def question_in(*, project: Project, question_id) -> ImprovementQuestion:
    question = project.questions.filter(pk=id_or_404(question_id)).first()
    if question is None:
        raise Http404
    return question


def latest_prioritisation(*, project: Project) -> Prioritisation | None:
    return project.prioritisations.order_by("-opened_at", "-id").first()


def open_prioritisation(*, project: Project) -> Prioritisation | None:
    return project.prioritisations.filter(closed_at__isnull=True).order_by("-opened_at", "-id").first()


def prioritisation_in(*, project: Project, prioritisation_id) -> Prioritisation:
    found = project.prioritisations.filter(pk=id_or_404(prioritisation_id)).first()
    if found is None:
        raise Http404
    return found


def votes_of(*, prioritisation: Prioritisation, person) -> dict[int, int]:
    """What this person gave each question: dots, or the rank."""
    rows = prioritisation.votes.filter(voter=person).values_list("question_id", "dots", "rank")
    if prioritisation.method == VotingMethod.RANK:
        return {qid: rank for qid, _dots, rank in rows}
    return {qid: dots for qid, dots, _rank in rows}


@dataclass
class QuestionResult:
    question: ImprovementQuestion
    total: int = 0
    lived: int = 0
    learnt: int = 0
    lived_share: float = 0.0  # of all points lived-experience voters gave
    learnt_share: float = 0.0
    rank_overall: int = 0
    rank_lived: int = 0
    rank_learnt: int = 0

    @property
    def gap(self) -> float:
        """Lived minus learnt share, in percentage points: positive means partners valued it more."""
        return round(100 * (self.lived_share - self.learnt_share), 1)

    @property
    def notable_gap(self) -> bool:
        return abs(self.gap) >= GAP_THRESHOLD_POINTS


GAP_THRESHOLD_POINTS = 15.0


@dataclass
class PrioritisationResults:
    prioritisation: Prioritisation
    rows: list[QuestionResult] = field(default_factory=list)
    lived_voters: int = 0
    learnt_voters: int = 0

    @property
    def voters(self) -> int:
        return self.lived_voters + self.learnt_voters

    def _top(self, attr: str) -> QuestionResult | None:
        candidates = [row for row in self.rows if getattr(row, attr) > 0]
        return max(candidates, key=lambda row: getattr(row, attr)) if candidates else None

    @property
    def top_overall(self) -> QuestionResult | None:
        return self._top("total")

    @property
    def top_lived(self) -> QuestionResult | None:
        return self._top("lived")

    @property
    def top_learnt(self) -> QuestionResult | None:
        return self._top("learnt")

    @property
    def sides_disagree_on_top(self) -> bool:
        """Partners and staff each have a favourite, and they are different questions."""
        lived, learnt = self.top_lived, self.top_learnt
        return bool(lived and learnt and lived.question.pk != learnt.question.pk)

    @property
    def notable_gaps(self) -> list[QuestionResult]:
        return [row for row in self.rows if row.notable_gap and self.lived_voters and self.learnt_voters]


def _ranks(rows: list[QuestionResult], attr: str) -> None:
    ordered = sorted(rows, key=lambda row: -getattr(row, attr))
    previous, position = None, 0
    for index, row in enumerate(ordered, 1):
        value = getattr(row, attr)
        if value != previous:
            position, previous = index, value
        setattr(row, f"rank_{attr if attr != 'total' else 'overall'}", position)


def prioritisation_results(*, prioritisation: Prioritisation) -> PrioritisationResults:
    """Points per question overall and split lived / learnt experience.

    Dot votes count one point a dot; ranks are scored Borda-style (first of n gets n points). Each side's points
    are also shown as a share of all that side's points, so a gap is visible even when one side has more voters.
    """
    questions = list(prioritisation.project.questions.order_by("created_at", "id"))
    rows = {q.pk: QuestionResult(question=q) for q in questions}
    votes = list(prioritisation.votes.values("question_id", "voter_id", "dots", "rank", "experience"))
    voters = {Experience.LIVED: set(), Experience.LEARNT: set()}
    n = len(questions)
    for vote in votes:
        row = rows.get(vote["question_id"])
        if row is None:
            continue
        points = vote["dots"] if prioritisation.method == VotingMethod.DOTS else max(n - (vote["rank"] or n) + 1, 0)
        row.total += points
        if vote["experience"] == Experience.LIVED:
            row.lived += points
        else:
            row.learnt += points
        voters[vote["experience"]].add(vote["voter_id"])
    lived_total = sum(row.lived for row in rows.values())
    learnt_total = sum(row.learnt for row in rows.values())
    for row in rows.values():
        row.lived_share = row.lived / lived_total if lived_total else 0.0
        row.learnt_share = row.learnt / learnt_total if learnt_total else 0.0
    ordered = list(rows.values())
    for attr in ("total", "lived", "learnt"):
        _ranks(ordered, attr)
    ordered.sort(key=lambda row: (row.rank_overall, row.question.created_at, row.question.pk))
    return PrioritisationResults(
        prioritisation=prioritisation,
        rows=ordered,
        lived_voters=len(voters[Experience.LIVED]),
        learnt_voters=len(voters[Experience.LEARNT]),
    )


# --- sharing power -----------------------------------------------------------------------------------------


GROUP_LABELS = {
    "lived": "Lived experience partners, carers and community members",
    "staff": "Staff partners",
    "facilitator": "Facilitators",
    "sponsor": "Executive sponsors",
}


def room_by_group(present: list[ProjectMember]) -> list[tuple[str, int]]:
    counts: Counter = Counter()
    for member in present:
        if member.role in LIVED_EXPERIENCE_ROLES:
            counts["lived"] += 1
        elif member.role == TeamRole.FACILITATOR:
            counts["facilitator"] += 1
        elif member.role == TeamRole.EXECUTIVE_SPONSOR:
            counts["sponsor"] += 1
        else:
            counts["staff"] += 1
    return [(label, counts[key]) for key, label in GROUP_LABELS.items() if counts[key]]


def decisions_of(*, project: Project) -> list[Decision]:
    decisions = list(
        project.decisions.prefetch_related(
            Prefetch("present", queryset=ProjectMember.objects.select_related("person")), "dissents"
        ).order_by("-decided_on", "-id")
    )
    for decision in decisions:
        decision.room = room_by_group(list(decision.present.all()))
    return decisions


def decision_in(*, project: Project, decision_id) -> Decision:
    decision = (
        project.decisions.prefetch_related(
            Prefetch("present", queryset=ProjectMember.objects.select_related("person")), "dissents"
        )
        .filter(pk=id_or_404(decision_id))
        .first()
    )
    if decision is None:
        raise Http404
    decision.room = room_by_group(list(decision.present.all()))
    return decision


def reflections_of(*, project: Project):
    return project.reflections.select_related("author").order_by("-written_on", "-id")


# --- celebrate ---------------------------------------------------------------------------------------------


@dataclass
class Contributor:
    member: ProjectMember
    hours: Decimal
    activities: int


@dataclass
class Celebration:
    project: Project
    contributors: list[Contributor]
    profile: CoproductionProfile
    decisions: int
    stories: int
    shared_question: ImprovementQuestion | None


def celebration(*, project: Project) -> Celebration:
    """What a finished project changed and who made it happen. Other areas add their sections through
    CELEBRATION_SECTIONS in coqi/config/extensions.py (e.g. the measures' charts)."""
    totals = defaultdict(lambda: (Decimal("0"), 0))
    for row in (
        Attendance.objects.filter(activity__project=project)
        .values("person_id")
        .annotate(hours=Sum("hours"), activities=Count("activity", distinct=True))
    ):
        totals[row["person_id"]] = (row["hours"] or Decimal("0"), row["activities"])
    contributors = [
        Contributor(member=m, hours=totals[m.person_id][0], activities=totals[m.person_id][1])
        for m in team_of(project=project)
    ]
    contributors.sort(key=lambda c: (not c.member.is_lived_experience, c.member.joined_on, c.member.pk))
    return Celebration(
        project=project,
        contributors=contributors,
        profile=coproduction_profile(project=project),
        decisions=project.decisions.count(),
        stories=project.stories.count(),
        shared_question=project.questions.filter(chosen=True).first(),
    )


def rung_label(value: str) -> str:
    return dict(Rung.choices).get(value, value)


def rung_position(value: str) -> int:
    return RUNG_ORDER.get(value, -1) + 1


# --- across the organisation (board report) ------------------------------------------------------------------


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


# --- one piece of evidence, for its edit page (added after the first slice) -------------------------------

from coqi.projects.models import AlwaysEventCandidate, FeedbackTheme, Touchpoint  # noqa: E402


def _one(queryset, item_id):
    item = queryset.filter(pk=id_or_404(item_id)).first()
    if item is None:
        raise Http404
    return item


def feedback_theme_in(*, project: Project, theme_id) -> FeedbackTheme:
    return _one(project.feedback_themes, theme_id)


def always_event_in(*, project: Project, candidate_id) -> AlwaysEventCandidate:
    return _one(project.always_events, candidate_id)


def touchpoint_in(*, project: Project, touchpoint_id) -> Touchpoint:
    return _one(project.touchpoints, touchpoint_id)

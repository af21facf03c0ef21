"""Concentration risk: how far an organisation's (or a project's) co-production rests on a few partners.

The seed asks organisations to "avoid relying on a small number of key people". We measure that from what is
already recorded: lived-experience attendance hours at activities (Attendance.experience == lived), over a window
(the last 12 months unless told otherwise).

    partner_hours        total lived-experience hours in the window
    top_three_share      share of those hours given by the three partners who gave the most (0–1)
    index                Herfindahl–Hirschman index: the sum of each partner's squared share of hours (0–1).
                         1 means one person gave every hour; 1/n means n people gave equal hours.
    effective_partners   1 / index: "as if the hours were shared equally among this many people"
    single_partner_projects  projects whose partner hours all came from one person
    busy_partners        partners on more than BUSY_PARTNER_PROJECTS projects at once

The thresholds below are the alert rules; docs/adr/0015-concentration-risk-and-matching.md explains the choice.
Names of partners are in the result (busy_partners) and in `partner_loads`: pages show them only to facilitators
and admins.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Sum
from django.utils import timezone

from coqi.core.formatting import percent
from coqi.core.models import Organisation
from coqi.core.roles import Experience, Role
from coqi.partners.concentration import ZERO, herfindahl_index, partners_text, projects_text, top_three_share
from coqi.partners.models import ConsentRecord, PartnerProfile
from coqi.partners.words import words_of
from coqi.projects.choices import LIVED_EXPERIENCE_ROLES, Stage
from coqi.projects.models import Attendance, Project, ProjectMember

# Alert when the three partners who give the most hours give more than this share of all partner hours.
TOP_THREE_SHARE_LIMIT = 0.6
# Alert when the hours are spread as if across fewer people than this (effective partners = 1 / HHI).
MIN_EFFECTIVE_PARTNERS = 4.0
# A partner on more than this many projects at once is carrying a lot; named to facilitators and admins.
BUSY_PARTNER_PROJECTS = 3
# Within one project, alert when hours are spread as if across fewer than this many people (one person dominates).
PROJECT_MIN_EFFECTIVE_PARTNERS = 2.0


def twelve_months_before(day: date) -> date:
    """The same date a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Concentration:
    since: date
    partner_count: int
    partner_hours: Decimal
    top_three_share: float | None
    index: float | None
    effective_partners: float | None
    single_partner_projects: list = field(default_factory=list)  # list[Project]
    busy_partners: list = field(default_factory=list)  # list[tuple[User, int]]: person, projects they are on
    alert: bool = False
    alert_message: str = ""
    reasons: tuple[str, ...] = ()  # one plain-English sentence per rule that fired

    @property
    def has_hours(self) -> bool:
        return self.partner_hours > 0


@dataclass(frozen=True)
class PartnerLoad:
    """One partner's share of the work: for facilitators and admins only."""

    person: object
    hours: Decimal
    share: float | None  # of all partner hours in the window
    project_count: int  # open projects they are on, and projects they gave hours to in the window

    @property
    def is_busy(self) -> bool:
        return self.project_count > BUSY_PARTNER_PROJECTS


# --- reads ---------------------------------------------------------------------------------------------------


def _window(since: date | None) -> date:
    return since if since is not None else twelve_months_before(timezone.localdate())


def _lived_hours(*, organisation: Organisation, since: date, project: Project | None = None):
    """{(project_id or None, person_id): hours} for lived-experience attendance in the window. One query."""
    rows = Attendance.objects.filter(
        activity__organisation=organisation, activity__held_on__gte=since, experience=Experience.LIVED, hours__gt=0
    )
    if project is not None:
        rows = rows.filter(activity__project=project)
    rows = rows.values("activity__project_id", "person_id").annotate(total=Sum("hours")).order_by()
    return {(row["activity__project_id"], row["person_id"]): row["total"] or ZERO for row in rows}


def _projects_per_partner(*, organisation: Organisation, hours_by_project_person: dict) -> dict[int, set[int]]:
    """Projects each partner is carrying: open projects where they hold a lived-experience team place, and any
    project they gave lived-experience hours to in the window. One query."""
    carrying: dict[int, set[int]] = defaultdict(set)
    places = (
        ProjectMember.objects.filter(project__organisation=organisation, role__in=LIVED_EXPERIENCE_ROLES)
        .exclude(project__stage=Stage.CELEBRATE)
        .values_list("person_id", "project_id")
    )
    for person_id, project_id in places:
        carrying[person_id].add(project_id)
    for project_id, person_id in hours_by_project_person:
        if project_id is not None:
            carrying[person_id].add(project_id)
    return carrying


def _by_person(hours_by_project_person: dict) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (_, person_id), hours in hours_by_project_person.items():
        totals[person_id] += hours
    return dict(totals)


def _single_partner_project_ids(hours_by_project_person: dict) -> list[int]:
    partners: dict[int, set[int]] = defaultdict(set)
    for (project_id, person_id), hours in hours_by_project_person.items():
        if project_id is not None and hours > 0:
            partners[project_id].add(person_id)
    return [project_id for project_id, people in partners.items() if len(people) == 1]


def _busy(carrying: dict[int, set[int]], among: set[int] | None = None) -> list[tuple[int, int]]:
    busy = [
        (person_id, len(projects))
        for person_id, projects in carrying.items()
        if len(projects) > BUSY_PARTNER_PROJECTS and (among is None or person_id in among)
    ]
    return sorted(busy, key=lambda item: -item[1])


def _users(ids) -> dict:
    ids = list(ids)
    if not ids:
        return {}
    return {user.pk: user for user in get_user_model().objects.filter(pk__in=ids)}


def _organisation_reasons(top3, effective, single_projects, busy) -> list[str]:
    reasons = []
    if top3 is not None and top3 > TOP_THREE_SHARE_LIMIT:
        reasons.append(
            f"The three partners who give the most time gave {percent(top3)} of all partner hours "
            f"(we flag anything over {percent(TOP_THREE_SHARE_LIMIT)})."
        )
    if effective is not None and effective < MIN_EFFECTIVE_PARTNERS:
        reasons.append(
            f"Partner hours are spread as if across only {effective:.1f} people "
            f"(we flag anything under {MIN_EFFECTIVE_PARTNERS:.0f})."
        )
    if single_projects:
        reasons.append(
            f"{projects_text(len(single_projects))} rest{'s' if len(single_projects) == 1 else ''} on a "
            "single partner: if they stepped back, no lived experience would be left on the project."
        )
    if busy:
        reasons.append(
            f"{partners_text(len(busy))} {'is' if len(busy) == 1 else 'are'} on more than {BUSY_PARTNER_PROJECTS} "
            "projects at once."
        )
    return reasons


def _message(*, reasons: list[str], since: date, has_hours: bool, scope: str) -> str:
    if not has_hours:
        return (
            f"No lived-experience partner hours have been recorded for {scope} since {since:%-d %B %Y}, "
            "so there is nothing to measure yet."
        )
    if not reasons:
        return (
            f"Partner hours for {scope} since {since:%-d %B %Y} are shared across enough people: "
            "no single partner, or small group, is carrying it."
        )
    return f"Co-production in {scope} rests on a few people. " + " ".join(reasons)


def organisation_concentration(*, organisation: Organisation, since: date | None = None) -> Concentration:
    """How concentrated the organisation's partner hours are, with the alert. Four queries at most."""
    since = _window(since)
    by_project_person = _lived_hours(organisation=organisation, since=since)
    by_person = _by_person(by_project_person)
    total = sum(by_person.values(), ZERO)
    top3 = top_three_share(by_person)
    index = herfindahl_index(by_person)
    effective = 1 / index if index else None
    single_ids = _single_partner_project_ids(by_project_person)
    busy_ids = _busy(_projects_per_partner(organisation=organisation, hours_by_project_person=by_project_person))
    single_projects = list(Project.objects.filter(pk__in=single_ids).order_by("title", "id")) if single_ids else []
    users = _users(person_id for person_id, _ in busy_ids)
    busy = [(users[person_id], count) for person_id, count in busy_ids if person_id in users]
    reasons = _organisation_reasons(top3, effective, single_projects, busy) if total > 0 else []
    return Concentration(
        since=since,
        partner_count=len(by_person),
        partner_hours=total,
        top_three_share=top3,
        index=index,
        effective_partners=effective,
        single_partner_projects=single_projects,
        busy_partners=busy,
        alert=bool(reasons),
        alert_message=_message(reasons=reasons, since=since, has_hours=total > 0, scope=organisation.name),
        reasons=tuple(reasons),
    )


def project_concentration(*, project: Project, since: date | None = None) -> Concentration:
    """The same figures for one project. Alerts when it rests on one partner, when one partner gives most of the
    hours (effective partners under PROJECT_MIN_EFFECTIVE_PARTNERS), or when its partners are on too many
    projects."""
    since = _window(since)
    organisation = project.organisation
    everything = _lived_hours(organisation=organisation, since=since)
    here = {key: hours for key, hours in everything.items() if key[0] == project.pk}
    by_person = _by_person(here)
    total = sum(by_person.values(), ZERO)
    top3 = top_three_share(by_person)
    index = herfindahl_index(by_person)
    effective = 1 / index if index else None
    single = [project] if len(by_person) == 1 else []
    team = set(project.members.filter(role__in=LIVED_EXPERIENCE_ROLES).values_list("person_id", flat=True)) | set(
        by_person
    )
    carrying = _projects_per_partner(organisation=organisation, hours_by_project_person=everything)
    busy_ids = _busy(carrying, among=team)
    users = _users(person_id for person_id, _ in busy_ids)
    busy = [(users[person_id], count) for person_id, count in busy_ids if person_id in users]
    reasons: list[str] = []
    if total > 0:
        if single:
            reasons.append(
                "All of its partner hours came from one partner: if they stepped back, no lived "
                "experience would be left on the project."
            )
        elif effective is not None and effective < PROJECT_MIN_EFFECTIVE_PARTNERS:
            reasons.append(
                f"One partner gave most of its partner hours: they are spread as if across only "
                f"{effective:.1f} people (we flag anything under {PROJECT_MIN_EFFECTIVE_PARTNERS:.0f})."
            )
        if busy:
            reasons.append(
                f"{partners_text(len(busy))} on this project {'is' if len(busy) == 1 else 'are'} on more "
                f"than {BUSY_PARTNER_PROJECTS} projects at once."
            )
    return Concentration(
        since=since,
        partner_count=len(by_person),
        partner_hours=total,
        top_three_share=top3,
        index=index,
        effective_partners=effective,
        single_partner_projects=single,
        busy_partners=busy,
        alert=bool(reasons),
        alert_message=_message(reasons=reasons, since=since, has_hours=total > 0, scope=f"“{project.title}”"),
        reasons=tuple(reasons),
    )


def partner_loads(*, organisation: Organisation, since: date | None = None) -> list[PartnerLoad]:
    """Each partner's hours and projects, most hours first: for facilitators and admins, never for partners.
    Includes partners with team places but no hours in the window. Three queries."""
    since = _window(since)
    by_project_person = _lived_hours(organisation=organisation, since=since)
    by_person = _by_person(by_project_person)
    total = sum(by_person.values(), ZERO)
    carrying = _projects_per_partner(organisation=organisation, hours_by_project_person=by_project_person)
    ids = set(by_person) | set(carrying)
    users = _users(ids)
    loads = [
        PartnerLoad(
            person=users[person_id],
            hours=by_person.get(person_id, ZERO),
            share=float(by_person.get(person_id, ZERO) / total) if total > 0 else None,
            project_count=len(carrying.get(person_id, ())),
        )
        for person_id in ids
        if person_id in users
    ]
    return sorted(loads, key=lambda load: (-load.hours, -load.project_count, load.person.name.lower(), load.person.pk))


# --- assets matched to projects ------------------------------------------------------------------------------

# How much a matching word counts, by where in the partner's profile it is. Lived experience is what partners
# uniquely bring, so it counts most; networks only say who they know.
MATCH_FIELDS = (
    ("lived_experience", "Lived experience", 3),
    ("skills", "Skills", 2),
    ("interests", "Interests", 2),
    ("networks", "Networks", 1),
)
RANKING_EXPLANATION = (
    "Partners are ranked by how well what they bring fits the project: each of the project's words found in their "
    "lived experience counts 3, in their skills or interests 2, and in their networks 1. When two partners fit "
    "equally, the one giving fewer hours at the moment comes first, so the work is shared more widely. We never "
    f"suggest someone who is on more than {BUSY_PARTNER_PROJECTS} projects already, who has withdrawn consent to be "
    "contacted, whose account is switched off, or who is already on the team."
)
# A consent record is about being contacted when what it says mentions any of these.
CONTACT_CONSENT = re.compile(r"\b(contact\w*|get(?:ting)? in touch|approach\w*|invit\w*|opportunit\w*)", re.I)


@dataclass(frozen=True)
class Match:
    label: str  # "Lived experience", "Skills", …
    words: tuple[str, ...]  # the partner's own words that matched, as they wrote them


@dataclass(frozen=True)
class Suggestion:
    person: object
    score: int
    matches: tuple[Match, ...]
    hours: Decimal  # partner hours in the last 12 months
    project_count: int


@dataclass(frozen=True)
class Suggestions:
    project: Project
    project_words: tuple[str, ...]  # the words we looked for, as the project has them
    suggestions: list
    left_out_busy: int  # partners who fit but are carrying too much already
    explanation: str = RANKING_EXPLANATION


def project_text(*, project: Project) -> str:
    """What the project is about, in its own words: title, description and the what-matters evidence (feedback
    themes, questions, Always Event candidates, touchpoints and story titles — not the stories themselves)."""
    parts = [project.title, project.description]
    parts += list(project.feedback_themes.values_list("name", flat=True))
    parts += list(project.questions.values_list("text", flat=True))
    parts += list(project.always_events.values_list("statement", flat=True))
    parts += list(project.touchpoints.values_list("journey_point", flat=True))
    parts += list(project.stories.values_list("title", flat=True))
    return "\n".join(part for part in parts if part)


def withdrawn_contact_ids(*, organisation: Organisation) -> set[int]:
    """People who withdrew consent to be contacted here and have not agreed to it again since."""
    withdrawn: dict[int, date] = {}
    renewed: dict[int, date] = {}
    records = ConsentRecord.objects.filter(profile__organisation=organisation).values_list(
        "profile__person_id", "what", "agreed_on", "withdrawn_on"
    )
    for person_id, what, agreed_on, withdrawn_on in records:
        if not CONTACT_CONSENT.search(what or ""):
            continue
        if withdrawn_on is not None:
            withdrawn[person_id] = max(withdrawn_on, withdrawn.get(person_id, withdrawn_on))
        else:
            renewed[person_id] = max(agreed_on, renewed.get(person_id, agreed_on))
    return {person_id for person_id, on in withdrawn.items() if person_id not in renewed or renewed[person_id] < on}


def suggestions_for(*, project: Project, since: date | None = None, limit: int = 10) -> Suggestions:
    """Partners whose lived experience, skills, interests or networks fit the project and who have room for it,
    best fit first, with the words that matched. For facilitators and admins. A bounded number of queries."""
    organisation = project.organisation
    since = _window(since)
    wanted = words_of(project_text(project=project))
    on_team = set(project.members.values_list("person_id", flat=True))
    excluded = on_team | withdrawn_contact_ids(organisation=organisation)
    partners = (
        organisation.memberships.filter(role=Role.LIVED_EXPERIENCE_PARTNER, user__is_active=True)
        .exclude(user_id__in=excluded)
        .select_related("user")
    )
    people = {membership.user_id: membership.user for membership in partners}
    profiles = PartnerProfile.objects.filter(organisation=organisation, person_id__in=list(people))
    by_project_person = _lived_hours(organisation=organisation, since=since)
    hours = _by_person(by_project_person)
    carrying = _projects_per_partner(organisation=organisation, hours_by_project_person=by_project_person)
    found, busy = [], 0
    for profile in profiles:
        score, matches = 0, []
        for field_name, label, weight in MATCH_FIELDS:
            theirs = words_of(getattr(profile, field_name))
            common = [theirs[key] for key in theirs if key in wanted]
            if common:
                matches.append(Match(label, tuple(common)))
                score += weight * len(common)
        if not score:
            continue
        count = len(carrying.get(profile.person_id, ()))
        if count > BUSY_PARTNER_PROJECTS:
            busy += 1
            continue
        found.append(
            Suggestion(
                person=people[profile.person_id],
                score=score,
                matches=tuple(matches),
                hours=hours.get(profile.person_id, ZERO),
                project_count=count,
            )
        )
    found.sort(key=lambda s: (-s.score, s.hours, s.project_count, s.person.name.lower(), s.person.pk))
    return Suggestions(
        project=project,
        project_words=tuple(sorted(wanted.values())),
        suggestions=found[:limit],
        left_out_busy=busy,
    )


# --- per-project figures for the organisation page -----------------------------------------------------------


@dataclass(frozen=True)
class ProjectFigures:
    project: Project
    partner_count: int
    partner_hours: Decimal
    largest_share: float | None  # the share of the project's partner hours given by its most-involved partner

    @property
    def rests_on_one_partner(self) -> bool:
        return self.partner_count == 1


def project_figures(*, organisation: Organisation, since: date | None = None) -> list[ProjectFigures]:
    """Every open project, and any project with partner hours in the window: its partners and hours, most
    concentrated first. Two queries."""
    since = _window(since)
    by_project_person = _lived_hours(organisation=organisation, since=since)
    per_project: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (project_id, person_id), hours in by_project_person.items():
        if project_id is not None:
            per_project[project_id][person_id] = hours
    projects = Project.objects.filter(organisation=organisation).filter(
        models.Q(pk__in=list(per_project)) | ~models.Q(stage=Stage.CELEBRATE)
    )
    rows = []
    for project in projects:
        hours = per_project.get(project.pk, {})
        total = sum(hours.values(), ZERO)
        rows.append(
            ProjectFigures(
                project=project,
                partner_count=len(hours),
                partner_hours=total,
                largest_share=float(max(hours.values()) / total) if total > 0 else None,
            )
        )
    return sorted(
        rows,
        key=lambda row: (row.partner_count == 0, -(row.largest_share or 0), row.project.title.lower(), row.project.pk),
    )


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")

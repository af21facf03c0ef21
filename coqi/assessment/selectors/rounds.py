"""Reads for the self-assessment: rounds through the organisation, and results worked out from submitted answers.

Privacy: results appear only once at least MIN_GROUP people with lived and MIN_GROUP with learnt experience have
submitted, so nobody's answers can be picked out (one group alone, or the overall figure beside one group,
would give a single person's answers away). Comments are shown without names or groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, Q
from django.http import Http404

from coqi.assessment import framework as frameworks
from coqi.assessment.models import Response, Round
from coqi.core.converters import id_or_404
from coqi.core.models import Organisation
from coqi.core.roles import Experience

MIN_GROUP = 2
NOT_ENOUGH = "Not enough responses to show without identifying someone"


def rounds_of(*, organisation: Organisation):
    """The organisation's rounds, newest first, with how many people of each group have submitted."""
    submitted = Q(responses__submitted_at__isnull=False)
    return organisation.assessment_rounds.annotate(
        lived_count=Count("responses", filter=submitted & Q(responses__experience=Experience.LIVED)),
        learnt_count=Count("responses", filter=submitted & Q(responses__experience=Experience.LEARNT)),
    )


def round_for(*, organisation: Organisation, round_id) -> Round:
    round_ = rounds_of(organisation=organisation).filter(pk=id_or_404(round_id)).first()
    if round_ is None:
        raise Http404
    return round_


def response_of(*, round: Round, person) -> Response | None:
    return round.responses.filter(respondent=person).first()


def open_round_awaiting(*, organisation: Organisation, person) -> Round | None:
    """The newest open round this person has not yet submitted answers to (for their home page)."""
    return (
        organisation.assessment_rounds.filter(closed_at__isnull=True)
        .exclude(responses__respondent=person, responses__submitted_at__isnull=False)
        .order_by("-opened_at", "-id")
        .first()
    )


# --- results ----------------------------------------------------------------------------------------------


@dataclass
class SectionResult:
    id: str
    kind: str
    title: str
    overall: float | None
    lived: float | None
    learnt: float | None

    @property
    def gap(self) -> float | None:
        """Lived minus learnt: negative when people with lived experience rate us lower than staff do."""
        if self.lived is None or self.learnt is None:
            return None
        return round(self.lived - self.learnt, 2)


@dataclass
class Placement:
    assurance: float | None
    improvement: float | None
    coproduction: float | None
    lowest: int
    highest: int

    @property
    def midpoint(self) -> float:
        return (self.lowest + self.highest) / 2

    @property
    def continuum(self) -> str:
        """Where QI maturity (across) meets co-production maturity (up). Not a staged process. A score exactly on
        the midpoint has reached it, so it counts as the higher side."""
        if self.improvement is None or self.coproduction is None:
            return ""
        qi = self.improvement >= self.midpoint
        co = self.coproduction >= self.midpoint
        if qi and co:
            return "Co-produced quality improvement"
        if qi:
            return "Quality improvement without co-production"
        if co:
            return "Co-production without systematic quality improvement"
        return "Early in both quality improvement and co-production"

    @property
    def curves(self) -> list[tuple[str, float | None]]:
        return [
            ("Quality assurance", self.assurance),
            ("Quality improvement", self.improvement),
            ("Co-produced improvement", self.coproduction),
        ]

    @property
    def weakest_curve(self) -> str:
        known = [(value, name) for name, value in self.curves if value is not None]
        return min(known)[1] if known else ""


@dataclass
class RoundResults:
    round: Round
    framework: frameworks.Framework
    lived_count: int
    learnt_count: int
    sections: list[SectionResult] = field(default_factory=list)
    placement: Placement | None = None
    comments: list[tuple[str, str]] = field(default_factory=list)  # (section title, comment), no group or name

    @property
    def visible(self) -> bool:
        """Figures appear only when both groups have enough people: otherwise the overall figure and one group's
        would give away the other group's answers."""
        return self.lived_shown and self.learnt_shown

    @property
    def lived_shown(self) -> bool:
        return self.lived_count >= MIN_GROUP

    @property
    def learnt_shown(self) -> bool:
        return self.learnt_count >= MIN_GROUP

    @property
    def themes(self) -> list[SectionResult]:
        return [s for s in self.sections if s.kind == "theme"]

    @property
    def factors(self) -> list[SectionResult]:
        return [s for s in self.sections if s.kind == "factor"]

    @property
    def largest_gaps(self) -> list[SectionResult]:
        gaps = [s for s in self.sections if s.gap is not None and abs(s.gap) >= 0.5]
        return sorted(gaps, key=lambda s: -abs(s.gap))


def _mean(values: list[int]) -> float | None:
    return round(mean(values), 2) if values else None


def results_from(round_: Round, responses: list[Response]) -> RoundResults:
    framework = frameworks.load(round_.framework_id, round_.framework_version)
    submitted = [r for r in responses if r.submitted_at is not None]
    groups = {e: [r for r in submitted if r.experience == e] for e in Experience.values}
    results = RoundResults(
        round=round_,
        framework=framework,
        lived_count=len(groups[Experience.LIVED]),
        learnt_count=len(groups[Experience.LEARNT]),
    )
    if not results.visible:
        return results

    def ratings(people, statement_ids):
        return [p.ratings[s] for p in people for s in statement_ids if s in p.ratings]

    for section in framework.sections:
        ids = [st.id for st in section.statements]
        results.sections.append(
            SectionResult(
                id=section.id,
                kind=section.kind,
                title=section.title,
                overall=_mean(ratings(submitted, ids)),
                lived=_mean(ratings(groups[Experience.LIVED], ids)),
                learnt=_mean(ratings(groups[Experience.LEARNT], ids)),
            )
        )
        for person in submitted:
            for st_id in ids:
                if person.comments.get(st_id):
                    results.comments.append((section.title, person.comments[st_id]))
    by_dimension = {d: [st.id for st in framework.statements if st.dimension == d] for d in frameworks.DIMENSIONS}
    results.placement = Placement(
        assurance=_mean(ratings(submitted, by_dimension["assurance"])),
        improvement=_mean(ratings(submitted, by_dimension["improvement"])),
        coproduction=_mean(ratings(submitted, by_dimension["coproduction"])),
        lowest=framework.lowest,
        highest=framework.highest,
    )
    return results


def round_results(*, round: Round) -> RoundResults:
    return results_from(round, list(round.responses.filter(submitted_at__isnull=False)))


def rounds_over_time(*, organisation: Organisation) -> list[RoundResults]:
    """Results of every round with answers from both groups, oldest first, in two queries."""
    rounds = list(organisation.assessment_rounds.order_by("opened_at", "id"))
    responses: dict[int, list[Response]] = {r.pk: [] for r in rounds}
    for response in Response.objects.filter(round__in=rounds, submitted_at__isnull=False):
        responses[response.round_id].append(response)
    made = [results_from(r, responses[r.pk]) for r in rounds]
    return [r for r in made if r.visible]

"""Reads for improvement questions and prioritising them together: questions, the open or latest prioritisation, a
person's votes, and the results by group with the gaps between them. Everything is reached through the organisation,
so another organisation's ids are 404."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.roles import Experience
from coqi.projects.choices import VotingMethod
from coqi.projects.models import (
    ImprovementQuestion,
    Prioritisation,
    Project,
)


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

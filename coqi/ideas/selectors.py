"""Reads for community ideas, always through the organisation."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from coqi.core.converters import id_or_404
from coqi.core.models import Organisation
from coqi.ideas.models import CommunityPage, Idea, IdeaResponse, IdeaStatus

ANSWER_WITHIN_DAYS = 30


def community_page_of(*, organisation: Organisation) -> CommunityPage | None:
    return CommunityPage.objects.filter(organisation=organisation).first()


def open_community(*, slug: str) -> tuple[Organisation, CommunityPage]:
    """The organisation behind a public page, or 404 when there is none or its page is switched off."""
    page = (
        CommunityPage.objects.select_related("organisation", "organisation__system")
        .filter(organisation__slug=slug, is_open=True)
        .first()
    )
    if page is None:
        raise Http404
    return page.organisation, page


def _with_responses(rows: QuerySet[Idea]) -> QuerySet[Idea]:
    return rows.prefetch_related(Prefetch("responses", queryset=IdeaResponse.objects.select_related("author")))


def published(*, organisation: Organisation) -> QuerySet[Idea]:
    return _with_responses(organisation.community_ideas.filter(status=IdeaStatus.PUBLISHED))


def ideas_of(*, organisation: Organisation, status: str | None = None) -> QuerySet[Idea]:
    rows = organisation.community_ideas.select_related("moderated_by", "project")
    if status:
        rows = rows.filter(status=status)
    return _with_responses(rows)


def waiting_count(*, organisation: Organisation) -> int:
    return organisation.community_ideas.filter(status=IdeaStatus.WAITING).count()


def idea_for(*, organisation: Organisation, idea_id) -> Idea:
    idea = ideas_of(organisation=organisation).select_related("organisation").filter(pk=id_or_404(idea_id)).first()
    if idea is None:
        raise Http404
    return idea


def idea_by_token(*, organisation: Organisation, token: str) -> Idea:
    """The visitor's own idea, through their private link. Spam is not shown back to whoever sent it."""
    idea = (
        _with_responses(organisation.community_ideas.exclude(status=IdeaStatus.SPAM))
        .filter(tracking_token=(token or "")[:64])
        .first()
    )
    if idea is None:
        raise Http404
    return idea


@dataclass(frozen=True)
class ResponseTimes:
    published: int  # published ideas
    answered: int  # of those, with at least one response
    median_days: float | None  # from raised to first response, over the answered ones
    counted: int  # ideas whose first 30 days are over, or that were answered sooner
    within: int  # of those, answered within 30 days

    @property
    def share_within(self) -> float | None:
        return self.within / self.counted if self.counted else None


def response_times(*, organisation: Organisation, now: datetime | None = None) -> ResponseTimes:
    """How long the organisation takes to answer published ideas. An unanswered idea counts against the 30-day
    share only once its 30 days are over, so a fresh idea is not a failure yet."""
    now = now or timezone.now()
    window = timedelta(days=ANSWER_WITHIN_DAYS)
    rows = list(
        organisation.community_ideas.filter(status=IdeaStatus.PUBLISHED).values_list("raised_at", "first_response_at")
    )
    waits = [answered - raised for raised, answered in rows if answered is not None]
    counted = [(raised, answered) for raised, answered in rows if answered is not None or now - raised >= window]
    within = sum(1 for raised, answered in counted if answered is not None and answered - raised <= window)
    median = statistics.median(w.total_seconds() / 86400 for w in waits) if waits else None
    return ResponseTimes(
        published=len(rows), answered=len(waits), median_days=median, counted=len(counted), within=within
    )

"""Reads for what matters: a project's stories, the evidence gathered (stories, feedback themes, Always Events
candidates, touchpoints), and one piece of evidence for its edit page. Everything is reached through the
organisation, so another organisation's ids are 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.projects.models import (
    AlwaysEventCandidate,
    FeedbackTheme,
    Project,
    ProjectStory,
    Story,
    Touchpoint,
)


def stories_of(*, project: Project) -> QuerySet[Story]:
    return project.stories.select_related("recorded_by").order_by("-created_at", "-id")


def story_in(*, project: Project, story_id) -> Story:
    return _one(project.stories.select_related("recorded_by"), story_id)


def other_projects_using(*, story: Story, project: Project) -> list[str]:
    """The titles of the organisation's other projects that use the same story."""
    return list(story.projects.exclude(pk=project.pk).order_by("title").values_list("title", flat=True))


def organisation_stories(*, organisation) -> QuerySet[Story]:
    """Every story the organisation holds, wherever it was recorded, with how many projects use each."""
    return (
        organisation.stories.select_related("recorded_by")
        .annotate(project_count=Count("project_links"))
        .order_by("-created_at", "-id")
    )


def organisation_story(*, organisation, story_id) -> Story:
    return _one(organisation.stories.select_related("recorded_by"), story_id)


def projects_using(*, story: Story) -> list[ProjectStory]:
    """Where the story is in use: each project, with when it was added there."""
    return list(story.project_links.select_related("project").order_by("project__title", "id"))


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

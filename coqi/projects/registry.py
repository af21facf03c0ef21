"""Hooks so other areas add to project pages without editing them.

    from coqi.projects.registry import ProjectLink, CelebrationSection, project_link, celebration_section

    # A link in the project page's "Work on the project" list, reversed with org_slug and project_id:
    project_link(label="Aim and driver diagram", url_name="improvement:aim", order=40,
                 description="What we are trying to accomplish, and how.")

    # A section on the celebration page: a function (request, project) -> CelebrationSection | None.
    @celebration_section(order=20)
    def charts(request, project):
        return CelebrationSection(heading="What the measures show", template="improvement/measures/_celebration.jinja",
                                  context={"charts": ...})

Another area reacting to attendance (payments make a payment line) without projects importing it:

    @attendance_listener
    def make_lines(*, actor, activity): ...   # runs inside the transaction that recorded or changed attendance

The section template is included with the page's context, and the section's `context` dict as `section`
(so the template above reads `section.charts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class ProjectLink:
    label: str
    url_name: str
    order: int
    description: str = ""


@dataclass
class CelebrationSection:
    heading: str
    template: str
    context: dict = field(default_factory=dict)


_links: list[ProjectLink] = []
_celebration: list[tuple[int, Callable]] = []
_attendance_listeners: list[Callable] = []


def attendance_listener(listen: Callable) -> Callable:
    if listen not in _attendance_listeners:
        _attendance_listeners.append(listen)
    return listen


def attendance_changed(*, actor, activity) -> None:
    """Tell listeners an activity's attendance was recorded or changed (called by projects services)."""
    for listen in _attendance_listeners:
        listen(actor=actor, activity=activity)


def project_link(*, label: str, url_name: str, order: int = 100, description: str = "") -> None:
    if any(link.url_name == url_name for link in _links):
        return
    _links.append(ProjectLink(label, url_name, order, description))
    _links.sort(key=lambda link: link.order)


def project_links(project) -> list[dict]:
    items = []
    for link in _links:
        try:
            href = reverse(
                link.url_name, kwargs={"org_slug": project.organisation.slug, "project_id": project.pk}
            )
        except NoReverseMatch:
            continue
        items.append({"label": link.label, "href": href, "description": link.description})
    return items


def celebration_section(*, order: int = 100):
    def decorator(provide: Callable) -> Callable:
        if provide not in [p for _, p in _celebration]:
            _celebration.append((order, provide))
            _celebration.sort(key=lambda item: item[0])
        return provide

    return decorator


def celebration_sections(request, project) -> list[CelebrationSection]:
    sections = []
    for _, provide in _celebration:
        section = provide(request, project)
        if section is not None:
            sections.append(section)
    return sections

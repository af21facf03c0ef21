"""What other areas add to project pages, and who hears about attendance, without projects importing them.

coqi/config/extensions.py lists each, in order: PROJECT_LINKS (ProjectLink objects), CELEBRATION_SECTIONS
(functions `(request, project) -> CelebrationSection | None`) and ATTENDANCE_LISTENERS (functions
`(*, actor, activity)`). For example, in an area's hooks.py:

    PLAN_LINK = ProjectLink(label="Aim and driver diagram", url_name="projects:improvement:aim",
                            description="What we are trying to accomplish, and how.")

    def charts(request, project):
        return CelebrationSection(heading="What the measures show", template="improvement/measures/_celebration.jinja",
                                  context={"charts": ...})

The section template is included with the page's context, and the section's `context` dict as `section`
(so the template above reads `section.charts`). A link whose url_name does not reverse is an error, never a
missing link.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from coqi.core.extensions import listed, notify


@dataclass(frozen=True)
class ProjectLink:
    """A link in the project page's "Work on the project" list, reversed with org_slug and project_id."""

    label: str
    url_name: str
    description: str = ""


@dataclass
class CelebrationSection:
    heading: str
    template: str
    context: dict = field(default_factory=dict)


def attendance_changed(*, actor, activity) -> None:
    """Tell listeners an activity's attendance was recorded or changed (called by projects services, inside the
    transaction that changed it)."""
    notify("ATTENDANCE_LISTENERS", actor=actor, activity=activity)


def project_links(project) -> list[dict]:
    kwargs = {"org_slug": project.organisation.slug, "project_id": project.pk}
    return [
        {"label": link.label, "href": reverse(link.url_name, kwargs=kwargs), "description": link.description}
        for link in listed("PROJECT_LINKS")
    ]


def celebration_sections(request, project) -> list[CelebrationSection]:
    sections = []
    for provide in listed("CELEBRATION_SECTIONS"):
        section = provide(request, project)
        if section is not None:
            sections.append(section)
    return sections

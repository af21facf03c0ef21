"""The projects menu item and home-page next steps, in plain English for each role."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

PROJECTS_ITEM = NavItem(label="Projects", url_name="projects:list", rule="projects.view")


def _url(name: str, access) -> str:
    return reverse(name, kwargs={"org_slug": access.organisation.slug})


@next_step(rule="projects.view", audience=[Role.LIVED_EXPERIENCE_PARTNER])
def my_projects(access):
    return NextStep(
        "My projects",
        "The projects you are part of: the team, what has been said and decided, and questions to vote on.",
        _url("projects:list", access),
    )


@next_step(rule="projects.start", audience="projects.change")
def start_a_project(access):
    return NextStep(
        "Start a project",
        "Begin with what matters to people, with partners from the first conversation.",
        _url("projects:new", access),
    )


@next_step(rule="projects.view", audience="projects.change")
def see_projects(access):
    return NextStep(
        "Improvement projects", "Every project, its team, activities and decisions.", _url("projects:list", access)
    )


@next_step(rule="activities.record", audience=[Role.FACILITATOR])
def record_involvement(access):
    return NextStep(
        "Activities outside projects",
        "Record partners' forums, training and events, with who was there.",
        _url("projects:org-activities", access),
    )


@next_step(rule="projects.view", audience=["system_viewer"])
def viewer_projects(access):
    return NextStep(
        "Improvement projects", "See the organisation's projects (read only).", _url("projects:list", access)
    )

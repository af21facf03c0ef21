"""What the improvement area adds to project pages: a link, and the PDSA cycles on the celebration page."""

from coqi.projects.registry import CelebrationSection, ProjectLink

PLAN_LINK = ProjectLink(
    label="Plan: aim, driver diagram and PDSA cycles",
    url_name="projects:improvement:plan",
    description="The Model for Improvement: what we are trying to accomplish, what might change it, and our tests.",
)


def tests_of_change(request, project):
    from coqi.improvement import selectors

    aim = selectors.aim_of(project=project)
    cycles = list(selectors.pdsa_cycles(project=project))
    if aim is None and not cycles:
        return None
    return CelebrationSection(
        heading="Our aim and what we tested", template="improvement/_celebration.jinja",
        context={"aim": aim, "cycles": cycles},
    )

"""What the improvement area adds to project pages: a link, and the PDSA cycles on the celebration page."""

from coqi.projects.registry import CelebrationSection, celebration_section, project_link

project_link(
    label="Plan: aim, driver diagram and PDSA cycles",
    url_name="projects:improvement:plan",
    order=40,
    description="The Model for Improvement: what we are trying to accomplish, what might change it, and our tests.",
)


@celebration_section(order=25)
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

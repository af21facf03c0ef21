"""What the improvement area adds to project pages: links to the plan and the measures, and on the celebration page
the aim with the PDSA cycles, then the measures' charts."""

from coqi.projects.registry import CelebrationSection, ProjectLink

PLAN_LINK = ProjectLink(
    label="Plan: aim, driver diagram and PDSA cycles",
    url_name="projects:improvement:plan",
    description="The Model for Improvement: what we are trying to accomplish, what might change it, and our tests.",
)

MEASURES_LINK = ProjectLink(
    label="Measures and charts",
    url_name="projects:measures:list",
    description="Outcome, process, balancing and experience measures on SPC charts, with PDSA cycles and stories "
    "marked.",
)


def tests_of_change(request, project):
    from coqi.improvement.selectors import plans as selectors

    aim = selectors.aim_of(project=project)
    cycles = list(selectors.pdsa_cycles(project=project))
    if aim is None and not cycles:
        return None
    return CelebrationSection(
        heading="Our aim and what we tested",
        template="improvement/_celebration.jinja",
        context={"aim": aim, "cycles": cycles},
    )


def measure_charts(request, project):
    """Every measure's chart, so the celebration shows what changed in numbers beside the stories."""
    from coqi.improvement.selectors import measures as selectors

    charts = [
        chart
        for measure in selectors.measures_of(project=project)
        for chart in selectors.measure_charts(measure=measure)
    ]
    if not charts:
        return None
    return CelebrationSection(
        heading="What the measures show",
        template="improvement/measures/_celebration.jinja",
        context={"charts": charts},
    )

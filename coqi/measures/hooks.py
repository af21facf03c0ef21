"""What the measures area adds to project pages: a link, and the charts on the celebration page."""

from coqi.projects.registry import CelebrationSection, ProjectLink

MEASURES_LINK = ProjectLink(
    label="Measures and charts",
    url_name="projects:measures:list",
    description="Outcome, process, balancing and experience measures on SPC charts, with PDSA cycles and stories marked.",
)


def measure_charts(request, project):
    """Every measure's chart, so the celebration shows what changed in numbers beside the stories."""
    from coqi.measures import selectors

    charts = [chart for measure in selectors.measures_of(project=project)
              for chart in selectors.measure_charts(measure=measure)]
    if not charts:
        return None
    return CelebrationSection(
        heading="What the measures show", template="measures/_celebration.jinja", context={"charts": charts}
    )

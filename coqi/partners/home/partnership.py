"""Partnership health on home pages and project pages: the concentration alert for facilitators and admins,
a menu item, and a link from each project page (through the projects registry, without editing projects)."""

from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role
from coqi.projects.registry import project_link

nav_item(
    label="Who we rely on", url_name="partners:concentration", order=75,
    roles=[Role.FACILITATOR, Role.ORGANISATION_ADMIN],
)

project_link(
    label="Who the project rests on",
    url_name="partners:project",
    order=70,
    description="Whether the project depends on one or two partners, and (for facilitators) partners whose "
                "experience fits it.",
)


@next_step(roles=[Role.FACILITATOR, Role.ORGANISATION_ADMIN], order=4)
def concentration_alert(access):
    """Comes before other next steps: losing the few people co-production rests on is hard to undo."""
    from coqi.partners.selectors import partnership as selectors

    figures = selectors.organisation_concentration(organisation=access.organisation)
    if not figures.alert:
        return None
    return NextStep(
        "Alert: co-production rests on a few people",
        " ".join(figures.reasons[:2]) + " See who is carrying the work, and who else could join.",
        reverse("partners:concentration", kwargs={"org_slug": access.organisation.slug}),
    )

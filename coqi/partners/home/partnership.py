"""Partnership health on home pages and project pages: the concentration alert for facilitators and admins,
a menu item, and a link from each project page (listed in coqi/config/extensions.py, without editing projects)."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.projects.registry import ProjectLink

CONCENTRATION_ITEM = NavItem(
    label="Who we rely on",
    url_name="partners:concentration",
    rule="partnership.view",
    audience="partners.see_names",
)

PROJECT_LINK = ProjectLink(
    label="Who the project rests on",
    url_name="partners:project",
    description="Whether the project depends on one or two partners, and (for facilitators) partners whose "
    "experience fits it.",
)


@next_step(rule="partnership.view", audience="partners.see_names")
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

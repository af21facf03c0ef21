"""The board report's menu item (every member and system viewer may read it), and each person's "My involvement"."""

from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role

nav_item(label="Board report", url_name="reports:board-report", order=85)
nav_item(label="My involvement", url_name="reports:involvement", roles=Role.values, order=5)


@next_step(roles=[Role.LIVED_EXPERIENCE_PARTNER], order=1)
def my_involvement(access):
    return NextStep(
        "My involvement",
        "What is coming up, your projects, claims and learning, chances to develop, and what you have agreed to.",
        reverse("reports:involvement", kwargs={"org_slug": access.organisation.slug}),
    )

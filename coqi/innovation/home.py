"""The innovation library's menu item and a home-page next step."""

from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role

nav_item(label="Innovations", url_name="innovation:list", order=70)


@next_step(roles=[Role.STAFF, Role.FACILITATOR, Role.ORGANISATION_ADMIN, Role.LIVED_EXPERIENCE_PARTNER], order=80)
def share_or_find_an_innovation(access):
    return NextStep(
        "Share or adopt a change that worked",
        "The innovation library: beneficial changes from your organisation and others, ready to adopt.",
        reverse("innovation:list", kwargs={"org_slug": access.organisation.slug}),
    )

"""The innovation library's menu item and a home-page next step."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

INNOVATIONS_ITEM = NavItem(label="Innovations", url_name="innovation:list")


@next_step(roles=[Role.STAFF, Role.FACILITATOR, Role.ORGANISATION_ADMIN, Role.LIVED_EXPERIENCE_PARTNER])
def share_or_find_an_innovation(access):
    return NextStep(
        "Share or adopt a change that worked",
        "The innovation library: beneficial changes from your organisation and others, ready to adopt.",
        reverse("innovation:list", kwargs={"org_slug": access.organisation.slug}),
    )

"""The innovation library's menu item and a home-page next step."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step

INNOVATIONS_ITEM = NavItem(label="Innovations", url_name="innovation:list", rule="innovation.view")


@next_step(rule="innovation.view", audience="innovation.share")
def share_or_find_an_innovation(access):
    return NextStep(
        "Share or adopt a change that worked",
        "The innovation library: beneficial changes from your organisation and others, ready to adopt.",
        reverse("innovation:list", kwargs={"org_slug": access.organisation.slug}),
    )

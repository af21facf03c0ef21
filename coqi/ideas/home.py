"""Community ideas' menu item, and the moderation queue on moderators' home pages."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.ideas import selectors

IDEAS_ITEM = NavItem(label="Community ideas", url_name="ideas:list", rule="ideas.view")


@next_step(rule="ideas.view", audience="ideas.moderate")
def ideas_waiting_for_moderation(access):
    count = selectors.waiting_count(organisation=access.organisation)
    if not count:
        return None
    return NextStep(
        f"{count} community idea{'s' if count != 1 else ''} waiting for moderation",
        "Ideas and concerns raised on your public page. Publish them so you can respond, or say why not.",
        reverse("ideas:list", kwargs={"org_slug": access.organisation.slug}) + "?show=waiting",
    )

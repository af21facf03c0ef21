"""Commitments' menu item, and overdue commitments on home pages (through the core next-steps registry)."""

from django.urls import reverse

from coqi.assessment.selectors import commitments as selectors
from coqi.core.navigation import NavItem, NextStep, next_step

COMMITMENTS_ITEM = NavItem(label="Commitments", url_name="commitments:list", rule="commitments.view")


@next_step(rule="commitments.view")
def my_overdue_commitments(access):
    """A member's own overdue commitments come first on their home page."""
    if access.membership is None:
        return None
    mine = list(selectors.overdue(organisation=access.organisation, owner=access.membership.user_id)[:5])
    return [
        NextStep(
            f"Overdue commitment: review {c.review_on:%-d %B %Y}",
            f"{c.text[:140]} — check in to say what has happened.",
            reverse("commitments:detail", kwargs={"org_slug": access.organisation.slug, "commitment_id": c.pk}),
        )
        for c in mine
    ] or None


@next_step(rule="commitments.view", audience="commitments.follow_up")
def overdue_in_the_organisation(access):
    count = selectors.overdue(organisation=access.organisation).count()
    if not count:
        return None
    return NextStep(
        f"{count} overdue commitment{'s' if count != 1 else ''} in {access.organisation.name}",
        "Commitments whose review date has passed. Follow them up with their owners.",
        reverse("commitments:list", kwargs={"org_slug": access.organisation.slug}) + "?show=overdue",
    )

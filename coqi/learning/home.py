"""The learning register in the menu and on facilitators' and admins' home pages."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.learning.selectors import opportunities_for_person

LEARNING_ITEM = NavItem(label="Learning", url_name="learning:register", rule="learning.keep")


@next_step(rule="learning.keep")
def learning_register(access):
    return NextStep(
        "Record learning together",
        "Keep the learning register: who attended which events, staff and partners together, and the "
        "development opportunities you offer.",
        reverse("learning:register", kwargs={"org_slug": access.organisation.slug}),
    )


@next_step(rule="organisation.member")
def opportunities_waiting_for_an_answer(access):
    """A member's home page says when a development opportunity is waiting for them to answer."""
    waiting = [
        row
        for row in opportunities_for_person(
            organisation=access.organisation, person=access.membership.user, role=access.role
        )
        if row.can_answer and row.status in (None, "offered")
    ]
    if not waiting:
        return None
    first = waiting[0].opportunity.title
    more = f" and {len(waiting) - 1} more" if len(waiting) > 1 else ""
    return NextStep(
        "A chance to develop: " + first + more,
        "Say if you are interested, or no thanks. It is on your My involvement page.",
        reverse("reports:involvement", kwargs={"org_slug": access.organisation.slug}) + "#opportunities",
    )

"""The learning register in the menu and on facilitators' and admins' home pages."""

from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role

KEEPERS = (Role.FACILITATOR, Role.ORGANISATION_ADMIN)

nav_item(label="Learning", url_name="learning:register", roles=KEEPERS, order=62)


@next_step(roles=KEEPERS, order=45)
def learning_register(access):
    return NextStep(
        "Record learning together",
        "Keep the learning register: who attended which events, staff and partners together, and the "
        "development opportunities you offer.",
        reverse("learning:register", kwargs={"org_slug": access.organisation.slug}),
    )

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

INVOLVEMENT_ITEM = NavItem(label="My involvement", url_name="people:involvement", roles=Role.values)
PROFILE_ITEM = NavItem(label="My profile", url_name="people:me", roles=Role.values)


@next_step(roles=[Role.LIVED_EXPERIENCE_PARTNER])
def my_involvement(access):
    return NextStep(
        "My involvement",
        "What is coming up, your projects, claims and learning, chances to develop, and what you have agreed to.",
        reverse("people:involvement", kwargs={"org_slug": access.organisation.slug}),
    )


@next_step()
def my_profile(access):
    if access.membership is None:
        return None
    return NextStep(
        "Your profile",
        "What you bring, your access needs and whether you want to be paid for involvement.",
        reverse("people:me", kwargs={"org_slug": access.organisation.slug}),
    )

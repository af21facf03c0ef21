from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

INVOLVEMENT_ITEM = NavItem(label="My involvement", url_name="people:involvement", rule="organisation.member")
PROFILE_ITEM = NavItem(label="My profile", url_name="people:me", rule="organisation.member")


@next_step(rule="organisation.member", audience=[Role.LIVED_EXPERIENCE_PARTNER])
def my_involvement(access):
    return NextStep(
        "My involvement",
        "What is coming up, your projects, claims and learning, chances to develop, and what you have agreed to.",
        reverse("people:involvement", kwargs={"org_slug": access.organisation.slug}),
    )


@next_step(rule="organisation.member")
def my_profile(access):
    return NextStep(
        "Your profile",
        "What you bring, your access needs and whether you want to be paid for involvement.",
        reverse("people:me", kwargs={"org_slug": access.organisation.slug}),
    )

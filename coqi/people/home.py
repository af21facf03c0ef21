from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role

nav_item(label="My involvement", url_name="people:involvement", rule="organisation.member", order=5)
nav_item(label="My profile", url_name="people:me", rule="organisation.member", order=70)


@next_step(rule="organisation.member", audience=[Role.LIVED_EXPERIENCE_PARTNER], order=1)
def my_involvement(access):
    return NextStep(
        "My involvement",
        "What is coming up, your projects, claims and learning, chances to develop, and what you have agreed to.",
        reverse("people:involvement", kwargs={"org_slug": access.organisation.slug}),
    )


@next_step(rule="organisation.member", order=800)
def my_profile(access):
    return NextStep(
        "Your profile",
        "What you bring, your access needs and whether you want to be paid for involvement.",
        reverse("people:me", kwargs={"org_slug": access.organisation.slug}),
    )

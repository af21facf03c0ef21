from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step

PROFILE_ITEM = NavItem(label="My profile", url_name="partners:me", rule="organisation.member")


@next_step(rule="organisation.member")
def my_profile(access):
    return NextStep(
        "Your profile",
        "What you bring, your access needs and whether you want to be paid for involvement.",
        reverse("partners:me", kwargs={"org_slug": access.organisation.slug}),
    )

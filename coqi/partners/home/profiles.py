from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role

nav_item(label="My profile", url_name="partners:me", roles=Role.values, order=70)


@next_step(order=800)
def my_profile(access):
    if access.membership is None:
        return None
    return NextStep(
        "Your profile",
        "What you bring, your access needs and whether you want to be paid for involvement.",
        reverse("partners:me", kwargs={"org_slug": access.organisation.slug}),
    )

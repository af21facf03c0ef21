"""The experience menu item and a home-page next step: see what people tell us, and bring feedback in."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step

EXPERIENCE_ITEM = NavItem(label="Experience", url_name="experience:dashboard", rule="experience.view")


@next_step(rule="experience.view", audience="feedback.import")
def experience_of_care(access):
    return NextStep(
        "What people tell us",
        "Friends and Family Test comments, redacted, with their themes and sentiment; send what matters to a project.",
        reverse("experience:dashboard", kwargs={"org_slug": access.organisation.slug}),
    )

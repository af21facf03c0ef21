from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

MY_CLAIMS_ITEM = NavItem(
    label="My claims",
    url_name="payments:mine",
    rule="payments.claim",
    audience=[Role.LIVED_EXPERIENCE_PARTNER],
)
PAYMENTS_ITEM = NavItem(label="Payments", url_name="payments:overview", rule="payments.approve")


@next_step(rule="payments.claim", audience=[Role.LIVED_EXPERIENCE_PARTNER])
def claim_payment(access):
    return NextStep(
        "Claim payment and expenses",
        "Claim for the time you gave and the money you spent taking part, and see what has been paid.",
        reverse("payments:mine", kwargs={"org_slug": access.organisation.slug}),
    )


@next_step(rule="payments.approve")
def approve_claims(access):
    return NextStep(
        "Approve payments and expenses",
        "Approve partners' claims, mark them paid and export them for finance.",
        reverse("payments:overview", kwargs={"org_slug": access.organisation.slug}),
    )

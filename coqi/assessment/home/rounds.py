"""The self-assessment's menu item and next steps."""

from django.urls import reverse

from coqi.assessment.selectors import rounds as selectors
from coqi.core.navigation import NextStep, nav_item, next_step

nav_item(label="Self-assessment", url_name="assessment:rounds", order=60)


@next_step(order=40)
def answer_the_open_round(access):
    if access.membership is None:
        return None
    round_ = selectors.open_round_awaiting(organisation=access.organisation, person=access.membership.user_id)
    if round_ is None:
        return None
    return NextStep(
        f"Answer the self-assessment: {round_.title}",
        "Say how well we align co-production with quality improvement. Your draft is kept until you submit it.",
        reverse("assessment:respond", kwargs={"org_slug": access.organisation.slug, "round_id": round_.pk}),
    )

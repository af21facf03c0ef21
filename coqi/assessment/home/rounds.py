"""The self-assessment's menu item and next steps."""

from django.urls import reverse

from coqi.assessment.selectors import rounds as selectors
from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.selectors import self_assessment_hidden_from


def _hidden(access) -> bool:
    return self_assessment_hidden_from(access=access)


SELF_ASSESSMENT_ITEM = NavItem(
    label="Self-assessment", url_name="assessment:rounds", rule="assessment.view", hidden_when=_hidden
)


@next_step(rule="assessment.answer")
def answer_the_open_round(access):
    round_ = selectors.open_round_awaiting(organisation=access.organisation, person=access.membership.user_id)
    if round_ is None:
        return None
    return NextStep(
        f"Answer the self-assessment: {round_.title}",
        "Say how well we align co-production with quality improvement. Your draft is kept until you submit it.",
        reverse("assessment:respond", kwargs={"org_slug": access.organisation.slug, "round_id": round_.pk}),
    )

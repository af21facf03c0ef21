"""The board report's menu item (every member and system viewer may read it), and each person's "My involvement"."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

BOARD_REPORT_ITEM = NavItem(label="Board report", url_name="reports:board-report", rule="reports.board_report")
INVOLVEMENT_ITEM = NavItem(label="My involvement", url_name="reports:involvement", rule="organisation.member")


@next_step(rule="organisation.member", audience=[Role.LIVED_EXPERIENCE_PARTNER])
def my_involvement(access):
    return NextStep(
        "My involvement",
        "What is coming up, your projects, claims and learning, chances to develop, and what you have agreed to.",
        reverse("reports:involvement", kwargs={"org_slug": access.organisation.slug}),
    )

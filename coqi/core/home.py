"""Core's own next steps and menu items; later areas add theirs the same way (see navigation.py)."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step

HOME_ITEM = NavItem(label="Home", url_name="core:organisation-home", rule="organisation.view")
PEOPLE_ITEM = NavItem(label="People", url_name="core:members", rule="people.manage")
AUDIT_TRAIL_ITEM = NavItem(label="Audit trail", url_name="core:audit", rule="audit.view")


def _url(name: str, access) -> str:
    return reverse(name, kwargs={"org_slug": access.organisation.slug})


@next_step(rule="people.manage")
def invite_people(access):
    return NextStep(
        "Invite people",
        "Invite lived experience partners, staff and facilitators by e-mail. Everyone is invited the same way.",
        _url("core:invite", access),
    )


@next_step(rule="people.manage")
def manage_people(access):
    return NextStep("Manage people and roles", "Change someone's role or remove them.", _url("core:members", access))


@next_step(rule="audit.view")
def see_audit_trail(access):
    return NextStep(
        "See the audit trail", "Who created, changed or removed what, and when.", _url("core:audit", access)
    )


@next_step(rule="organisation.member")
def your_account(access):
    return NextStep(
        "Your account",
        "Change your name or password, and manage access tokens for the API.",
        reverse("accounts:account"),
    )

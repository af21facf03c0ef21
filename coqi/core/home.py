"""Core's own next steps and menu items; later areas add theirs the same way (see navigation.py)."""

from django.urls import reverse

from coqi.core.navigation import NavItem, NextStep, next_step
from coqi.core.roles import Role

ADMIN = [Role.ORGANISATION_ADMIN]

HOME_ITEM = NavItem(label="Home", url_name="core:organisation-home")
PEOPLE_ITEM = NavItem(label="People", url_name="core:members", roles=ADMIN)
AUDIT_TRAIL_ITEM = NavItem(label="Audit trail", url_name="core:audit", roles=ADMIN)


def _url(name: str, access) -> str:
    return reverse(name, kwargs={"org_slug": access.organisation.slug})


@next_step(roles=ADMIN)
def invite_people(access):
    return NextStep(
        "Invite people",
        "Invite lived experience partners, staff and facilitators by e-mail. Everyone is invited the same way.",
        _url("core:invite", access),
    )


@next_step(roles=ADMIN)
def manage_people(access):
    return NextStep("Manage people and roles", "Change someone's role or remove them.", _url("core:members", access))


@next_step(roles=ADMIN)
def see_audit_trail(access):
    return NextStep(
        "See the audit trail", "Who created, changed or removed what, and when.", _url("core:audit", access)
    )


@next_step()
def your_account(access):
    if access.membership is None:
        return None
    return NextStep(
        "Your account",
        "Change your name or password, and manage access tokens for the API.",
        reverse("accounts:account"),
    )

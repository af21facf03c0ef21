"""Core's own next steps and menu items; later areas add theirs the same way (see navigation.py)."""

from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step
from coqi.core.roles import Role

ADMIN = [Role.ORGANISATION_ADMIN]

nav_item(label="Home", url_name="core:organisation-home", order=0)
nav_item(label="People", url_name="core:members", roles=ADMIN, order=80)
nav_item(label="Audit trail", url_name="core:audit", roles=ADMIN, order=90)


def _url(name: str, access) -> str:
    return reverse(name, kwargs={"org_slug": access.organisation.slug})


@next_step(roles=ADMIN, order=10)
def invite_people(access):
    return NextStep(
        "Invite people",
        "Invite lived experience partners, staff and facilitators by e-mail. Everyone is invited the same way.",
        _url("core:invite", access),
    )


@next_step(roles=ADMIN, order=20)
def manage_people(access):
    return NextStep("Manage people and roles", "Change someone's role or remove them.", _url("core:members", access))


@next_step(roles=ADMIN, order=30)
def see_audit_trail(access):
    return NextStep(
        "See the audit trail", "Who created, changed or removed what, and when.", _url("core:audit", access)
    )


@next_step(order=900)
def your_account(access):
    if access.membership is None:
        return None
    return NextStep(
        "Your account",
        "Change your name or password, and manage access tokens for the API.",
        reverse("accounts:account"),
    )

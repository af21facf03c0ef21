"""Core's own next steps and menu items; later areas add theirs the same way (see navigation.py)."""

from django.urls import reverse

from coqi.core.navigation import NextStep, nav_item, next_step

nav_item(label="Home", url_name="core:organisation-home", rule="organisation.view", order=0)
nav_item(label="People", url_name="core:members", rule="people.manage", order=80)
nav_item(label="Audit trail", url_name="core:audit", rule="audit.view", order=90)


def _url(name: str, access) -> str:
    return reverse(name, kwargs={"org_slug": access.organisation.slug})


@next_step(rule="people.manage", order=10)
def invite_people(access):
    return NextStep(
        "Invite people",
        "Invite lived experience partners, staff and facilitators by e-mail. Everyone is invited the same way.",
        _url("core:invite", access),
    )


@next_step(rule="people.manage", order=20)
def manage_people(access):
    return NextStep("Manage people and roles", "Change someone's role or remove them.", _url("core:members", access))


@next_step(rule="audit.view", order=30)
def see_audit_trail(access):
    return NextStep(
        "See the audit trail", "Who created, changed or removed what, and when.", _url("core:audit", access)
    )


@next_step(rule="organisation.member", order=900)
def your_account(access):
    return NextStep(
        "Your account",
        "Change your name or password, and manage access tokens for the API.",
        reverse("accounts:account"),
    )

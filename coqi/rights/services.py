"""Subject access and erasure for one person, across every app (contract.md).

Erasure runs every app's `erase` and the anonymising of the user row in ONE transaction: either the person is
erased everywhere or nowhere. The user row is kept, anonymised, so the hours, counts and money that finance and
reporting must keep still add up and the audit trail still points somewhere (ADR 0017).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.erasure import ERASED_NAME, plain
from coqi.rights.discovery import personal_data_modules

AUDIT_LABELS = {"person.erased": "Person's data erased", "person.exported": "Person's data exported"}


def export_person(*, actor, user, record: bool = True) -> dict:
    """Everything held about `user`, from every app, as JSON-ready data. Exports are audited (who asked when)."""
    data = {
        "format": "coqi-subject-access/1",
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": plain(user.date_joined),
            "last_login": plain(user.last_login),
            "is_active": user.is_active,
        },
        "apps": {label: plain(module.export(user)) for label, module in sorted(personal_data_modules().items())},
    }
    if record:
        audit.record(
            actor=actor,
            organisation=None,
            action="person.exported",
            target=user,
            changes={"apps": sorted(data["apps"])},
        )
    return data


def erased_email(user) -> str:
    return f"erased-{user.pk}@erased.invalid"


@transaction.atomic
def erase_person(*, actor, user) -> dict:
    """Erase `user`'s personal data everywhere, then anonymise the user row and record it. Returns a summary."""
    modules = personal_data_modules()
    for module in modules.values():  # in the order PERSONAL_DATA_MODULES lists them
        module.erase(user)
    user.email = erased_email(user)
    user.display_name = ERASED_NAME
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    summary = {"apps": sorted(modules), "erased_at": timezone.now().isoformat()}
    audit.record(actor=actor, organisation=None, action="person.erased", target=user, changes=summary)
    return summary

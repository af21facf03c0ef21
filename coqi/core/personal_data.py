"""Personal data held by core (coqi/rights/contract.md): memberships, system viewing, invitations, the audit trail.

The audit trail keeps every event (what happened, when) but not who the erased person was: their e-mail address and
name are replaced wherever an event's labels or changes mention them (ADR 0017).
"""

from __future__ import annotations

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from coqi.core.erasure import ERASED_NAME, rows
from coqi.core.models import AuditEvent, Invitation, Membership, NetworkSharing, SystemViewer

TITLE = "Your organisations, invitations and the audit trail of what you did"
MODELS = [Membership, SystemViewer, Invitation, AuditEvent, NetworkSharing]


def _identifiers(user) -> list[str]:
    """Strings that identify the person, longest first; a very short name would blank unrelated words."""
    found = {user.email}
    if len(user.display_name.strip()) >= 4:
        found.add(user.display_name.strip())
    return sorted(found, key=len, reverse=True)


def _mentioning(user):
    as_text = Cast("changes", TextField())
    query = Q(actor=user)
    for text in _identifiers(user):
        query |= Q(actor_label__icontains=text) | Q(target_label__icontains=text)
    events = AuditEvent.objects.annotate(changes_text=as_text)
    for text in _identifiers(user):
        # JSON text escapes non-ASCII, so look for the escaped form too.
        query |= Q(changes_text__icontains=text) | Q(changes_text__icontains=json.dumps(text)[1:-1])
    return events.filter(query)


def export(user) -> dict:
    return {
        "memberships": rows(Membership.objects.filter(user=user), "organisation__name", "role", "created_at"),
        "system_viewer": rows(SystemViewer.objects.filter(user=user), "system__name", "created_at"),
        "invitations": rows(
            Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user) | Q(invited_by=user)),
            "id",
            "organisation__name",
            "email",
            "role",
            "invited_by",
            "created_at",
            "accepted_at",
            "revoked_at",
        ),
        "audit_events": rows(
            _mentioning(user).order_by("created_at", "id"),
            "id",
            "created_at",
            "organisation__name",
            "action",
            "actor_label",
            "target_type",
            "target_label",
            "changes",
        ),
        # Only who last changed an organisation's sharing choice; the choice itself is the organisation's and stays.
        "system_view_sharing_choices_made": [
            {
                "organisation": s.organisation.name,
                "anonymised_in_system": s.anonymised_in_system,
                "changed_at": s.changed_at.isoformat(),
            }
            for s in NetworkSharing.objects.filter(changed_by=user).select_related("organisation")
        ],
    }


def _scrub(value, identifiers: list[str]):
    if isinstance(value, str):
        for text in identifiers:
            if text.lower() in value.lower():
                value = _replace(value, text)
        return value
    if isinstance(value, dict):
        return {_scrub(k, identifiers): _scrub(v, identifiers) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, identifiers) for v in value]
    return value


def _replace(value: str, text: str) -> str:
    lower, needle, out, start = value.lower(), text.lower(), [], 0
    while (at := lower.find(needle, start)) != -1:
        out.append(value[start:at] + ERASED_NAME)
        start = at + len(text)
    return "".join(out) + value[start:]


def erase(user) -> None:
    identifiers = _identifiers(user)
    Membership.objects.filter(user=user).delete()
    NetworkSharing.objects.filter(changed_by=user).update(changed_by=None)
    SystemViewer.objects.filter(user=user).delete()
    for invitation in Invitation.objects.filter(email__iexact=user.email):
        invitation.email = f"erased-invitation-{invitation.pk}@erased.invalid"
        invitation.save(update_fields=["email"])
    for event in _mentioning(user):
        event.actor_label = _scrub(event.actor_label, identifiers)
        event.target_label = _scrub(event.target_label, identifiers)
        event.changes = _scrub(event.changes, identifiers)
        event.save(update_fields=["actor_label", "target_label", "changes"])

"""The audit API every area uses: one call inside each service's transaction.

from coqi.core import audit
audit.record(actor=user, organisation=organisation, action="project.created", target=project,
             changes={"title": [None, project.title]})
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

from coqi.core.models import AuditEvent, Organisation

# Plain-English names for core's actions on the audit trail page; each area's dict is listed in AUDIT_LABELS
# (coqi/config/extensions.py).
ACTION_LABELS: dict[str, str] = {
    "system.created": "System created",
    "organisation.created": "Organisation created",
    "membership.created": "Person added",
    "membership.role_changed": "Role changed",
    "membership.removed": "Person removed",
    "invitation.sent": "Invitation sent",
    "invitation.withdrawn": "Invitation withdrawn",
    "invitation.accepted": "Invitation accepted",
    "system_viewer.granted": "System viewer added",
    "network.sharing_changed": "How we appear in the system view changed",
    "account.updated": "Account updated",
    "account.password_changed": "Password changed",
    "access_token.created": "API token created",
    "access_token.revoked": "API token revoked",
}


@cache
def _labels(paths: tuple[str, ...]) -> dict[str, str]:
    # Keyed on the list itself, so a test that changes the setting reads its own labels.
    merged = dict(ACTION_LABELS)
    for path in paths:
        merged.update(import_string(path))
    return merged


def action_labels() -> dict[str, str]:
    return _labels(tuple(settings.AUDIT_LABELS))


def action_label(action: str) -> str:
    return action_labels().get(action, action)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def record(
    *,
    actor,
    organisation: Organisation | None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one audit event. `changes` maps a field to [before, after] or to a short description."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_label=(actor_obj.email if actor_obj else "system"),
        organisation=organisation,
        organisation_label=(f"{organisation.name} ({organisation.slug})"[:254] if organisation is not None else ""),
        action=action,
        target_type=(target._meta.label_lower if target is not None else ""),
        target_id=(str(target.pk) if target is not None and target.pk is not None else ""),
        target_label=(str(target)[:254] if target is not None else ""),
        changes=_jsonable(changes or {}),
    )

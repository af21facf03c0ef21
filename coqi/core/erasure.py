"""Helpers for every app's personal_data module (coqi/rights/contract.md): rows as JSON-ready dicts, and the
words that replace erased text. They live in core so an app can describe its personal data without importing
`coqi.rights`, the top-floor export and erasure that reads them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

REMOVED = "[removed at the person's request]"
ERASED_NAME = "Erased person"


def plain(value):
    """A value as JSON: dates ISO 8601, Decimals as text (exact), models by their primary key."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if hasattr(value, "_meta"):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # a file field
        return value.name or ""
    return value


def rows(queryset, *fields: str) -> list[dict]:
    """Rows as dicts of the named fields; `a__b` follows relations (values() semantics)."""
    return [{k: plain(v) for k, v in row.items()} for row in queryset.values(*fields)]


def user_links(model) -> list:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model]


def linked_rows(model, user, *, leave_out: tuple[str, ...] = ()) -> list[dict]:
    """Every row of `model` linked to `user` through any of its user fields, with its plain fields (binary
    contents and secrets named in `leave_out` are left out)."""
    from django.db.models import BinaryField, Q

    links = user_links(model)
    if not links:
        return []
    query = Q()
    for field in links:
        query |= Q(**{field.name: user})
    names = [
        f.attname for f in model._meta.concrete_fields if not isinstance(f, BinaryField) and f.name not in leave_out
    ]
    found = []
    for row in model.objects.filter(query).values(*names):
        row = {k: plain(v) for k, v in row.items()}
        row["how_you_are_linked"] = [f.name for f in links if row.get(f.attname) == user.pk]
        found.append(row)
    return found


def detach(model, user) -> int:
    """Unlink `user` from `model` rows wherever the link may be empty (who made or changed a shared record)."""
    changed = 0
    for field in user_links(model):
        if field.null:
            changed += model.objects.filter(**{field.name: user}).update(**{field.name: None})
    return changed


def relabel_audit(model, pks, *, label: str) -> int:
    """Give the audit events about these rows a new `target_label`. The label was `str(row)` when the event was
    recorded, so it can hold the very words erasure removes (a consent's text, a name); what happened, when and
    to which row stays."""
    from coqi.core.models import AuditEvent

    return AuditEvent.objects.filter(target_type=model._meta.label_lower, target_id__in=[str(pk) for pk in pks]).update(
        target_label=label
    )

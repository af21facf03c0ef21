"""Writes for the system view: an organisation's choice to be named or anonymised there. One audit event each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.models import Organisation
from coqi.core.permissions import role_allowed
from coqi.network.models import NetworkSharing

AUDIT_LABELS = {"network.sharing_changed": "How we appear in the system view changed"}


@transaction.atomic
def set_sharing(
    *, actor, organisation: Organisation, anonymised: bool, named_nationally: bool | None = None
) -> NetworkSharing:
    """Only the organisation's admins choose how it appears to the rest of its system (and, when
    `named_nationally` is given, in the national view)."""
    membership = organisation.memberships.filter(user=actor).first()
    if membership is None or not role_allowed(membership.role, "network.choose_sharing"):
        raise ValidationError("Only an admin of the organisation can choose how it appears in the system view.")
    sharing, _ = NetworkSharing.objects.select_for_update().get_or_create(organisation=organisation)
    before = (sharing.anonymised_in_system, sharing.named_nationally)
    sharing.anonymised_in_system = bool(anonymised)
    if named_nationally is not None:
        sharing.named_nationally = bool(named_nationally)
    sharing.changed_by = actor
    sharing.changed_at = timezone.now()
    sharing.save()
    audit.record(
        actor=actor, organisation=organisation, action="network.sharing_changed", target=sharing,
        changes={"anonymised_in_system": [before[0], sharing.anonymised_in_system],
                 "named_nationally": [before[1], sharing.named_nationally]},
    )
    return sharing

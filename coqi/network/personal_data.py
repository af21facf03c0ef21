"""What the system view holds about a person (coqi/rights/contract.md): only who last changed their
organisation's sharing choice. Erasure forgets who; the choice itself is the organisation's and stays."""

from __future__ import annotations

from coqi.network.models import NetworkSharing

MODELS = [NetworkSharing]


def export(user) -> dict:
    return {
        "system_view_sharing_choices_made": [
            {"organisation": s.organisation.name, "anonymised_in_system": s.anonymised_in_system,
             "changed_at": s.changed_at.isoformat()}
            for s in NetworkSharing.objects.filter(changed_by=user).select_related("organisation")
        ]
    }


def erase(user) -> None:
    NetworkSharing.objects.filter(changed_by=user).update(changed_by=None)

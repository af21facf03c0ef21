"""What the innovation library holds about a person, for subject access and erasure (coqi/rights/contract.md).

Innovations belong to the organisation that shared them; erasure detaches the person as submitter and adopter,
so the library and the journey of each innovation stay true. The text was redacted when stored, and was written
about roles rather than names.
"""

from __future__ import annotations

from coqi.innovation.models import Adoption, Innovation

MODELS = [Innovation, Adoption]


def export(user) -> dict:
    return {
        "innovations_shared": [
            {
                "organisation": i.organisation.name,
                "title": i.title,
                "visibility": i.get_visibility_display(),
                "shared_at": i.created_at.isoformat(),
            }
            for i in Innovation.objects.filter(submitted_by=user).select_related("organisation")
        ],
        "innovations_adopted": [
            {
                "organisation": a.organisation.name,
                "innovation": a.innovation.title,
                "adopted_at": a.adopted_at.isoformat(),
            }
            for a in Adoption.objects.filter(adopted_by=user).select_related("organisation", "innovation")
        ],
    }


def erase(user) -> None:
    Innovation.objects.filter(submitted_by=user).update(submitted_by=None)
    Adoption.objects.filter(adopted_by=user).update(adopted_by=None)

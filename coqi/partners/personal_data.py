"""Personal data held by people (coqi/rights/contract.md): partner profiles and their consent records.

On erasure every word of the profile is blanked. The row stays, with `declines_payment`, because payment totals
depend on it (an approved but unpaid line of someone who declines payment is not counted), and the consent records
stay as evidence of what was agreed and when; neither says who the person was once the account is anonymised.
"""

from __future__ import annotations

from coqi.core.erasure import rows
from coqi.partners.models import ConsentRecord, PartnerProfile
from coqi.partners.selectors.profiles import PROFILE_FIELDS

TITLE = "Your partner profile and consent records"
MODELS = [PartnerProfile]


def export(user) -> dict:
    return {
        "partner_profiles": rows(
            PartnerProfile.objects.filter(person=user),
            "id",
            "organisation__name",
            *PROFILE_FIELDS,
            "declines_payment",
            "updated_at",
        ),
        "consent_records": rows(
            ConsentRecord.objects.filter(profile__person=user),
            "id",
            "profile__organisation__name",
            "what",
            "agreed_on",
            "withdrawn_on",
        ),
    }


def erase(user) -> None:
    PartnerProfile.objects.filter(person=user).update(**{field: "" for field in PROFILE_FIELDS})

"""Personal data held by people (coqi/rights/contract.md): partner profiles and their consent records.

On erasure every word of the profile is blanked. The row stays, with `declines_payment`, because payment totals
depend on it (an approved but unpaid line of someone who declines payment is not counted). The consent records stay
as evidence that something was agreed and when, but their words go: staff write them about the person ("agreed to
be filmed at home in Leeds"), so they can identify them. The audit events about both lose their labels, which were
the rows' own words when recorded (ADR 0040).
"""

from __future__ import annotations

from coqi.core.erasure import ERASED_NAME, REMOVED, relabel_audit, rows
from coqi.partners.models import CalendarFeed, ConsentRecord, PartnerProfile
from coqi.partners.selectors.profiles import PROFILE_FIELDS

TITLE = "Your partner profile and consent records"
MODELS = [PartnerProfile, CalendarFeed]


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
        # Whether a calendar feed is on, and since when; never its secret (only a digest is kept).
        "calendar_feed": rows(CalendarFeed.objects.filter(person=user), "created_at"),
    }


def erase(user) -> None:
    CalendarFeed.objects.filter(person=user).delete()  # the feed would otherwise still list their activities
    profiles = list(PartnerProfile.objects.filter(person=user).select_related("organisation"))
    PartnerProfile.objects.filter(person=user).update(**{field: "" for field in PROFILE_FIELDS})
    for profile in profiles:
        relabel_audit(PartnerProfile, [profile.pk], label=f"Profile of {ERASED_NAME} at {profile.organisation}")
    consents = ConsentRecord.objects.filter(profile__person=user)
    relabel_audit(ConsentRecord, list(consents.values_list("pk", flat=True)), label=REMOVED)
    consents.update(what=REMOVED)

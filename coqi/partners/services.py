"""Writes for profiles and consent records: keyword-only, one transaction, one audit event each."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.models import Organisation
from coqi.partners.models import ConsentRecord, PartnerProfile
from coqi.partners.selectors.profiles import PROFILE_FIELDS

AUDIT_LABELS = {
    "profile.saved": "Profile saved",
    "consent.recorded": "Consent recorded",
    "consent.withdrawn": "Consent withdrawn",
    "partners.calendar_feed_on": "Calendar feed turned on (new address)",
    "partners.calendar_feed_off": "Calendar feed turned off",
}

MAX_TEXT = 2000
# The error code when someone saves a profile that changed since they read it (the API answers 409).
STALE = "stale"


def _is_member(organisation: Organisation, person) -> bool:
    return organisation.memberships.filter(user=person).exists()


@transaction.atomic
def save_profile(
    *,
    actor,
    organisation: Organisation,
    person,
    declines_payment: bool = False,
    expected_version: int | None = None,
    **fields: str,
) -> PartnerProfile:
    """Create or update a person's profile. `fields`: any of lived_experience, skills, networks, interests,
    access_needs, availability. `expected_version`: the version the writer read (0 for a profile not yet saved);
    when given and the profile has changed since, nothing is saved."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    # Lock the person's membership, which exists before their profile does: two first saves at once would
    # otherwise both create it (ADR 0035).
    if organisation.memberships.select_for_update().filter(user=person).first() is None:
        raise ValidationError({"person": "That person is not a member of this organisation."})
    errors = {}
    cleaned = {}
    for name in PROFILE_FIELDS:
        value = (fields.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            errors[name] = f"Keep this to {MAX_TEXT} characters or fewer."
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    profile = PartnerProfile.objects.select_for_update().filter(organisation=organisation, person=person).first()
    created = profile is None
    if expected_version is not None and expected_version != (0 if created else profile.version):
        raise ValidationError(
            "This profile changed since you read it. Read it again and make your change to the latest version.",
            code=STALE,
        )
    if created:
        profile = PartnerProfile(organisation=organisation, person=person)
    before = {name: getattr(profile, name) for name in (*PROFILE_FIELDS, "declines_payment")}
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.declines_payment = bool(declines_payment)
    profile.updated_at = timezone.now()
    if not created:
        profile.version += 1
    profile.save()
    changed = {
        name: ("changed" if name in PROFILE_FIELDS else [before[name], getattr(profile, name)])
        for name in before
        if before[name] != getattr(profile, name)
    }
    audit.record(actor=actor, organisation=organisation, action="profile.saved", target=profile, changes=changed)
    return profile


@transaction.atomic
def record_consent(*, actor, organisation: Organisation, person, what: str, agreed_on: date) -> ConsentRecord:
    what = (what or "").strip()
    if not what:
        raise ValidationError({"what": "Say what the person agreed to."})
    if len(what) > 300:
        raise ValidationError({"what": "Keep this to 300 characters or fewer."})
    if agreed_on is None or agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": "The date they agreed must be today or in the past."})
    if not _is_member(organisation, person):
        raise ValidationError({"person": "That person is not a member of this organisation."})
    profile, _ = PartnerProfile.objects.get_or_create(organisation=organisation, person=person)
    consent = ConsentRecord.objects.create(profile=profile, what=what, agreed_on=agreed_on)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="consent.recorded",
        target=consent,
        changes={"person": str(person), "agreed_on": agreed_on.isoformat()},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor, consent: ConsentRecord, withdrawn_on: date | None = None) -> ConsentRecord:
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < consent.agreed_on:
        raise ValidationError({"withdrawn_on": "Consent cannot be withdrawn before it was given."})
    updated = ConsentRecord.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(withdrawn_on=withdrawn_on)
    if not updated:
        raise ValidationError("That consent has already been withdrawn.")
    consent.withdrawn_on = withdrawn_on
    audit.record(
        actor=actor,
        organisation=consent.profile.organisation,
        action="consent.withdrawn",
        target=consent,
        changes={"withdrawn_on": withdrawn_on.isoformat()},
    )
    return consent

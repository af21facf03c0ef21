"""Reads for profiles; always through the organisation."""

from __future__ import annotations

from django.http import Http404

from coqi.core.models import Organisation
from coqi.people.models import PartnerProfile

PROFILE_FIELDS = ("lived_experience", "skills", "networks", "interests", "access_needs", "availability")


def profile_for(*, organisation: Organisation, person) -> PartnerProfile:
    """The person's profile here, or an unsaved empty one."""
    profile = organisation.partner_profiles.filter(person=person).prefetch_related("consents").first()
    return profile or PartnerProfile(organisation=organisation, person=person)


def profiles(*, organisation: Organisation):
    return organisation.partner_profiles.select_related("person")


def member(*, organisation: Organisation, person_id):
    """A member of the organisation by user id, or 404."""
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = organisation.memberships.select_related("user").filter(user_id=pk).first()
    if membership is None:
        raise Http404
    return membership.user


def declining_payment_ids(*, organisation: Organisation) -> set[int]:
    """People who have chosen not to be paid for involvement here."""
    return set(organisation.partner_profiles.filter(declines_payment=True).values_list("person_id", flat=True))


def declines_payment(*, organisation: Organisation, person) -> bool:
    return organisation.partner_profiles.filter(person=person, declines_payment=True).exists()

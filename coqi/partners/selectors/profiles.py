"""Reads for profiles; always through the organisation."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from coqi.core.converters import id_or_404
from coqi.core.models import Organisation
from coqi.core.roles import Role
from coqi.partners.models import ConsentRecord, PartnerProfile
from coqi.projects.models import Activity, Attendance

PROFILE_FIELDS = ("lived_experience", "skills", "networks", "interests", "access_needs", "availability")
# A staff member's communication and access needs can reveal health or disability: an employer's occupational
# health matter, not the co-production team's. Partners' needs are shared, as facilitators arrange activities
# around them.
STAFF_PRIVATE_FIELDS = ("access_needs",)


def profile_for(*, organisation: Organisation, person) -> PartnerProfile:
    """The person's profile here, or an unsaved empty one."""
    profile = organisation.partner_profiles.filter(person=person).prefetch_related("consents").first()
    return profile or PartnerProfile(organisation=organisation, person=person)


def profiles(*, organisation: Organisation):
    return organisation.partner_profiles.select_related("person")


def member_profiles(*, organisation: Organisation) -> list[tuple]:
    """Every member with their role and profile here (an unsaved empty one if they have not written it), in two
    queries whatever the number of members."""
    memberships = list(organisation.memberships.select_related("user").order_by("user__display_name", "user__email"))
    saved = {p.person_id: p for p in organisation.partner_profiles.all()}
    return [
        (m, saved.get(m.user_id) or PartnerProfile(organisation=organisation, person=m.user, version=0))
        for m in memberships
    ]


def membership_of(*, organisation: Organisation, person_id):
    """A member's membership here by user id, or 404."""
    pk = id_or_404(person_id)
    membership = organisation.memberships.select_related("user").filter(user_id=pk).first()
    if membership is None:
        raise Http404
    return membership


def withheld_fields(*, role: str, person, reader) -> tuple[str, ...]:
    """The profile fields `reader` may not see on the profile of `person`, who holds `role` here."""
    if person.pk == reader.pk or role == Role.LIVED_EXPERIENCE_PARTNER:
        return ()
    return STAFF_PRIVATE_FIELDS


def member(*, organisation: Organisation, person_id):
    """A member of the organisation by user id, or 404."""
    pk = id_or_404(person_id)
    membership = organisation.memberships.select_related("user").filter(user_id=pk).first()
    if membership is None:
        raise Http404
    return membership.user


def declining_payment_ids(*, organisation: Organisation) -> set[int]:
    """People who have chosen not to be paid for involvement here."""
    return set(organisation.partner_profiles.filter(declines_payment=True).values_list("person_id", flat=True))


def declines_payment(*, organisation: Organisation, person) -> bool:
    return organisation.partner_profiles.filter(person=person, declines_payment=True).exists()


# --- a person's own pages -----------------------------------------------------------------------------------


def consent_of(*, organisation: Organisation, consent_id, person=None) -> ConsentRecord:
    """A consent record here, or 404. With `person`, only one of theirs (someone else's is as good as missing)."""
    pk = id_or_404(consent_id)
    consents = ConsentRecord.objects.select_related("profile__organisation", "profile__person").filter(
        pk=pk, profile__organisation=organisation
    )
    if person is not None:
        consents = consents.filter(profile__person=person)
    consent = consents.first()
    if consent is None:
        raise Http404
    return consent


def consents_of(*, organisation: Organisation, person) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(profile__organisation=organisation, profile__person=person).order_by(
            "withdrawn_on", "-agreed_on", "id"
        )
    )


def upcoming_activities(*, organisation: Organisation, person, today: date | None = None) -> list[Activity]:
    """Activities dated today or later that the person is down to attend, or that belong to a project they are on
    the team of, and organisation-wide activities planned ahead (open to every member until who came is recorded),
    soonest first. `attending` says whether they are on the attendance list."""
    today = today or timezone.localdate()
    planned_for_everyone = Q(project__isnull=True, held_on__gt=today) & ~Exists(
        Attendance.objects.filter(activity=OuterRef("pk"))
    )
    mine = Q(attendances__person=person) | Q(project__members__person=person) | planned_for_everyone
    ids = organisation.activities.filter(mine, held_on__gte=today).values("pk")
    return list(
        organisation.activities.filter(pk__in=ids)
        .select_related("project")
        .annotate(attending=Exists(Attendance.objects.filter(activity=OuterRef("pk"), person=person)))
        .order_by("held_on", "id")
    )

"""Reads. Tenant data is always reached through an organisation the caller may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coqi.core.converters import id_or_404
from coqi.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    NetworkSharing,
    Organisation,
    System,
    SystemViewer,
)
from coqi.core.roles import Experience, experience_of


@dataclass(frozen=True)
class OrganisationAccess:
    """What the signed-in person may do in one organisation."""

    organisation: Organisation
    membership: Membership | None  # None when seen only as a system viewer
    is_system_viewer: bool

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def read_only(self) -> bool:
        return self.membership is None


def memberships_for(*, user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return user.memberships.select_related("organisation", "organisation__system").order_by("organisation__name")


def viewable_systems_for(*, user) -> QuerySet[System]:
    if not user.is_authenticated:
        return System.objects.none()
    return System.objects.filter(viewers__user=user).order_by("name")


def organisation_access(*, user, slug: str) -> OrganisationAccess:
    """The organisation with this slug as `user` may see it, or Http404 — never revealing that it exists."""
    if not user.is_authenticated:
        raise Http404
    organisation = Organisation.objects.select_related("system").filter(slug=slug).first()
    if organisation is None:
        raise Http404
    membership = organisation.memberships.filter(user=user).first()
    is_viewer = SystemViewer.objects.filter(system_id=organisation.system_id, user=user).exists()
    if membership is None and not is_viewer:
        raise Http404
    return OrganisationAccess(organisation=organisation, membership=membership, is_system_viewer=is_viewer)


def system_for_viewer(*, user, slug: str) -> System:
    system = System.objects.filter(slug=slug, viewers__user=user).first() if user.is_authenticated else None
    if system is None:
        raise Http404
    return system


def organisations_in_system(*, system: System) -> QuerySet[Organisation]:
    return system.organisations.annotate(
        member_count=Count("memberships"),
        partner_count=Count("memberships", filter=Q(memberships__role="lived_experience_partner")),
    ).order_by("name")


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__display_name", "user__email")


def experience_in(*, organisation: Organisation, person, team_role: str | None = None) -> Experience:
    """Which experience `person` speaks from here: their team role on a project when the caller has one, else
    their role in the organisation today (a non-member, or nobody, speaks from learnt experience)."""
    if team_role is not None:
        return experience_of(team_role)
    return experience_of(organisation.memberships.filter(user=person).values_list("role", flat=True).first())


def membership_in(*, organisation: Organisation, membership_id) -> Membership:
    """One membership of this organisation, or 404 (ids from another organisation are simply not found)."""
    membership_id = id_or_404(membership_id)
    membership = organisation.memberships.select_related("user").filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


def pending_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
        "invited_by"
    )


def invitation_in(*, organisation: Organisation, invitation_id) -> Invitation:
    invitation_id = id_or_404(invitation_id)
    invitation = organisation.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_by_id(*, invitation_id: int) -> Invitation | None:
    """Only for a link whose signature has already been checked."""
    return Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()


def audit_trail(
    *,
    organisation: Organisation,
    action: str | None = None,
    actor_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = organisation.audit_events.select_related("actor")
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events.order_by("-created_at", "-id")


def audit_actions(*, organisation: Organisation) -> list[str]:
    return list(organisation.audit_events.order_by("action").values_list("action", flat=True).distinct())


def audit_actors(*, organisation: Organisation) -> list[tuple[int, str]]:
    rows = (
        organisation.audit_events.filter(actor__isnull=False)
        .values_list("actor_id", "actor__display_name", "actor__email")
        .distinct()
    )
    return sorted({(pk, name or email) for pk, name, email in rows}, key=lambda row: row[1].lower())


def email_has_account(*, email: str) -> bool:
    """Whether someone can already sign in with this address (so an invitation asks them to sign in)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=email).first()
    return bool(user and user.has_usable_password())


def sharing_of(*, organisation: Organisation) -> NetworkSharing | None:
    """The organisation's choice of how it appears in its system's view; None until its admin first chooses."""
    return NetworkSharing.objects.filter(organisation=organisation).first()


def self_assessment_hidden_from(*, access) -> bool:
    """Whether this reader of an organisation (an `OrganisationAccess`) must not see its own self-assessment: a
    system viewer who is not a member, when the organisation chose to be anonymised in the system view. Otherwise
    its named rounds and results would give away which "Organisation A" it is (ADR 0026)."""
    if access.membership is not None:
        return False
    return NetworkSharing.objects.filter(organisation=access.organisation, anonymised_in_system=True).exists()

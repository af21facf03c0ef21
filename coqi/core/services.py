"""Writes for tenancy: each one keyword-only, in one transaction, recording one audit event."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from coqi.core import audit, invitations
from coqi.core.concurrency import lock
from coqi.core.extensions import notify
from coqi.core.models import Invitation, Membership, NetworkSharing, Organisation, System, SystemViewer
from coqi.core.permissions import role_allowed
from coqi.core.roles import Role

User = get_user_model()


def _unique_slug(model, text: str) -> str:
    base = slugify(text)[:70] or "organisation"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_system(*, actor, name: str, slug: str | None = None) -> System:
    system = System.objects.create(name=name.strip(), slug=slug or _unique_slug(System, name))
    audit.record(actor=actor, organisation=None, action="system.created", target=system, changes={"name": name})
    return system


@transaction.atomic
def create_organisation(*, actor, system: System, name: str, kind: str, slug: str | None = None) -> Organisation:
    if kind not in Organisation.Kind.values:
        raise ValidationError({"kind": f"Unknown kind of organisation: {kind!r}."})
    organisation = Organisation.objects.create(
        system=system, name=name.strip(), kind=kind, slug=slug or _unique_slug(Organisation, name)
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="organisation.created",
        target=organisation,
        changes={"name": organisation.name, "kind": kind, "system": system.name},
    )
    return organisation


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})


@transaction.atomic
def add_member(*, actor, organisation: Organisation, user, role: str) -> Membership:
    """Add someone who already has an account (used by the demo, the CLI and accepted invitations)."""
    _check_role(role)
    lock(organisation)  # the same person added twice at once: one membership, and a clear answer for the other
    if organisation.memberships.filter(user=user).exists():
        raise ValidationError({"email": f"{user.email} is already a member of {organisation.name}."})
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="membership.created",
        target=membership,
        changes={"person": user.email, "role": role},
    )
    return membership


def _admin_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Role.ORGANISATION_ADMIN).count()


@transaction.atomic
def change_role(*, actor, membership: Membership, role: str) -> Membership:
    _check_role(role)
    # Lock the organisation's admins so two admins demoting each other at once cannot leave none.
    list(membership.organisation.memberships.select_for_update().filter(role=Role.ORGANISATION_ADMIN))
    membership.refresh_from_db()
    before = membership.role
    if before == role:
        return membership
    if before == Role.ORGANISATION_ADMIN and _admin_count(membership.organisation) <= 1:
        raise ValidationError({"role": "An organisation needs at least one admin. Make someone else an admin first."})
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        actor=actor,
        organisation=membership.organisation,
        action="membership.role_changed",
        target=membership,
        changes={"person": membership.user.email, "role": [before, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    organisation = membership.organisation
    list(organisation.memberships.select_for_update().filter(role=Role.ORGANISATION_ADMIN))
    if membership.role == Role.ORGANISATION_ADMIN and _admin_count(organisation) <= 1:
        raise ValidationError(
            {"membership": "An organisation needs at least one admin. Make someone else an admin first."}
        )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="membership.removed",
        target=membership,
        changes={"person": membership.user.email, "role": membership.role},
    )
    membership.delete()


def invitation_url(*, invitation: Invitation, base_url: str | None = None) -> str:
    path = reverse("core:invitation-accept", kwargs={"token": invitations.make_token(invitation)})
    return (base_url or settings.SITE_URL).rstrip("/") + path


def _send_invitation_email(invitation: Invitation, url: str) -> None:
    inviter = invitation.invited_by.name if invitation.invited_by else "Someone"
    body = (
        f"Hello,\n\n{inviter} has invited you to join {invitation.organisation.name} on Co-QI "
        f"as a {invitation.get_role_display().lower()}.\n\n"
        "Co-QI is where patients, carers, communities and staff improve care together as equal partners.\n\n"
        f"To accept, open this link within {settings.INVITATION_MAX_AGE_DAYS} days:\n\n{url}\n\n"
        "If you were not expecting this e-mail, you can ignore it.\n"
    )
    send_mail(
        subject=f"You're invited to join {invitation.organisation.name} on Co-QI",
        message=body,
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invite_person(
    *, actor, organisation: Organisation, email: str, role: str, base_url: str | None = None, notify: bool = True
) -> Invitation:
    """Invite anyone by e-mail — a lived-experience partner exactly like a member of staff."""
    _check_role(role)
    email = User.objects.normalize_email(email.strip()).lower()
    lock(organisation)  # two invitations to one address at once: the later replaces the earlier, never both live
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {organisation.name}."})
    # A new invitation replaces any earlier one still waiting, so only the latest link works.
    organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=actor)
    url = invitation_url(invitation=invitation, base_url=base_url)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="invitation.sent",
        target=invitation,
        changes={"email": email, "role": role},
    )
    if notify:
        transaction.on_commit(lambda: _send_invitation_email(invitation, url))
    return invitation


@transaction.atomic
def revoke_invitation(*, actor, invitation: Invitation) -> Invitation:
    if not invitation.is_pending:
        raise ValidationError({"invitation": "This invitation has already been used or withdrawn."})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        organisation=invitation.organisation,
        action="invitation.withdrawn",
        target=invitation,
        changes={"email": invitation.email},
    )
    return invitation


def _claim(invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation_id)
    if not invitation.is_pending:
        raise invitations.InvitationAlreadyUsed
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """A signed-in person with the invited e-mail address accepts."""
    invitation = _claim(invitation.pk)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError({"email": "This invitation was sent to a different e-mail address."})
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        organisation=invitation.organisation,
        action="invitation.accepted",
        target=membership,
        changes={"person": user.email, "role": membership.role, "new_membership": created},
    )
    # Other areas act on the acceptance in this transaction (projects: the team places waiting for them).
    notify("INVITATION_ACCEPTED_LISTENERS", invitation=invitation)
    return membership


@transaction.atomic
def register_from_invitation(*, invitation: Invitation, display_name: str, password: str):
    """Someone new accepts: their account and membership are created together, or neither is."""
    invitation = _claim(invitation.pk)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and existing.has_usable_password():
        raise ValidationError({"email": "You already have an account. Sign in to accept this invitation."})
    user = existing or User(email=invitation.email)
    user.display_name = display_name.strip()
    validate_password(password, user)
    user.set_password(password)
    user.save()
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        organisation=invitation.organisation,
        action="invitation.accepted",
        target=membership,
        changes={"person": user.email, "role": membership.role, "new_account": True},
    )
    # Other areas act on the acceptance in this transaction (projects: the team places waiting for them).
    notify("INVITATION_ACCEPTED_LISTENERS", invitation=invitation)
    return user, membership


@transaction.atomic
def grant_system_viewer(*, actor, system: System, user) -> SystemViewer:
    viewer, _ = SystemViewer.objects.get_or_create(system=system, user=user)
    audit.record(
        actor=actor, organisation=None, action="system_viewer.granted", target=viewer, changes={"person": user.email}
    )
    return viewer


SHARING_AUDIT_LABELS = {"network.sharing_changed": "How we appear in the system view changed"}


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
        actor=actor,
        organisation=organisation,
        action="network.sharing_changed",
        target=sharing,
        changes={
            "anonymised_in_system": [before[0], sharing.anonymised_in_system],
            "named_nationally": [before[1], sharing.named_nationally],
        },
    )
    return sharing

"""Tenancy: systems, organisations, memberships with roles, invitations and the audit trail."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from coqi.core.roles import Role


class System(models.Model):
    """An integrated care system (ICS): the organisations of an area that plan and improve care together."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """Where improvement happens and whose data is kept apart from every other organisation's."""

    class Kind(models.TextChoices):
        ACUTE_TRUST = "acute_trust", "Acute NHS trust"
        MENTAL_HEALTH_TRUST = "mental_health_trust", "Mental health NHS trust"
        COMMUNITY_TRUST = "community_trust", "Community NHS trust"
        PRIMARY_CARE_NETWORK = "primary_care_network", "Primary care network"
        GP_PRACTICE = "gp_practice", "GP practice"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        COMMUNITY_GROUP = "community_group", "Community group"
        VOLUNTARY_ORGANISATION = "voluntary_organisation", "Voluntary organisation"
        OTHER = "other", "Other"

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in web addresses: /o/<slug>/")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in an organisation, with one role there. Someone can belong to several organisations."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_person_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ORGANISATION_ADMIN


class SystemViewer(models.Model):
    """Read-only sight of every organisation in a system, e.g. for an ICS quality lead."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="viewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="system_viewer_of")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "user"], name="one_viewer_record_per_system")]

    def __str__(self) -> str:
        return f"{self.user} views {self.system}"


class Invitation(models.Model):
    """An invitation to join an organisation in a role, sent by e-mail as a signed, expiring link."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=40, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), name="invitation_email_lower")]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.organisation} as {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class AuditEvent(models.Model):
    """One write, recorded by the service that made it: who, where, what, to which object, when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    # Kept as text so the trail still reads well after the person's account is erased.
    actor_label = models.CharField(max_length=254, blank=True)
    # The trail outlives the organisation: deleting one (a site operator's act) keeps its history, named in text.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    organisation_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=254, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="audit_org_recent")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"


class NetworkSharing(models.Model):
    """How an organisation appears in its system's view: named, or anonymised as "Organisation A", "B"…

    A property of the organisation (its choice, made by its admin and audited by services.set_sharing), kept here
    so that the areas it hides things in (the self-assessment) and the system view both read it without importing
    each other. No row means the default: named to the system's viewers, anonymised in the national view.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="network_sharing")
    anonymised_in_system = models.BooleanField(default=False)
    # Nationally every organisation is anonymised unless it chooses to be named.
    named_nationally = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.organisation}: {'anonymised' if self.anonymised_in_system else 'named'} in the system view"

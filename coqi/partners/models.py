"""What each person brings to an organisation's co-production, kept by them and their facilitator.

One profile per person per organisation (tenant data: a partner may work with several organisations and tell each
a different amount). Staff have profiles too; the same fields serve both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation


class PartnerProfile(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partner_profiles")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_profiles")
    lived_experience = models.TextField(blank=True, help_text="Areas of lived experience, in the person's words")
    skills = models.TextField(blank=True)
    networks = models.TextField(blank=True, help_text="Groups and communities the person is connected to")
    interests = models.TextField(blank=True)
    access_needs = models.TextField(blank=True, help_text="Communication and access needs")
    availability = models.TextField(blank=True)
    # Some partners choose not to be paid (for example because of benefits rules). Respected by every payment.
    declines_payment = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["person__display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_profile_per_person_per_organisation")
        ]

    def __str__(self) -> str:
        return f"Profile of {self.person} at {self.organisation}"


class ConsentRecord(models.Model):
    """Something a person agreed to, when, and when (if ever) they withdrew it."""

    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="consents")
    what = models.CharField(max_length=300)
    agreed_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-agreed_on", "id"]

    def __str__(self) -> str:
        return self.what

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None


class CalendarFeed(models.Model):
    """A person's private calendar feed of their activities in every organisation they belong to. The address's
    secret is kept only as its SHA-256 digest, so a copy of the database gives no one the feed; making a new one
    or turning it off is the revocation (ADR 0054-calendar-feed)."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    secret_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"

"""Involvement payments and expenses. Money is whole pence in integer columns: never floats (ADR 0008).

A rate card says what an hour of involvement is paid at each rung of the ladder of co-production, from one date to
another. A payment line is one person's payment for one attendance, at the rate in force on the day of the activity.
An expense claim is money a person spent to take part (travel, care, other), with an optional receipt.
Both go submitted → approved or rejected (with a reason) → paid.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.projects.choices import Rung
from coqi.projects.models import Activity, Attendance


class RateCard(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rate_cards")
    name = models.CharField(max_length=200)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Last day the rates apply; empty: until replaced")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-effective_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "effective_from"], name="one_rate_card_per_start_date")
        ]

    def __str__(self) -> str:
        return self.name


class Rate(models.Model):
    """Pence per hour for involvement at one rung of the ladder."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    level = models.CharField(max_length=20, choices=Rung.choices)
    hourly_pence = models.PositiveIntegerField()

    class Meta:
        ordering = ["rate_card", "id"]
        constraints = [models.UniqueConstraint(fields=["rate_card", "level"], name="one_rate_per_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.hourly_pence}p an hour"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved, waiting to be paid"
    REJECTED = "rejected", "Not approved"
    PAID = "paid", "Paid"


class Claim(models.Model):
    """What payment lines and expense claims share: who, how much, and where it is in the approval flow."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    amount_pence = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status == ClaimStatus.SUBMITTED


class PaymentLine(Claim):
    # Kept if the attendance is later removed from the activity: money records do not vanish.
    attendance = models.OneToOneField(
        Attendance, on_delete=models.SET_NULL, null=True, blank=True, related_name="payment_line"
    )
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    activity_title = models.CharField(max_length=200)
    worked_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, related_name="payment_lines")
    hourly_pence = models.PositiveIntegerField()

    class Meta:
        ordering = ["-worked_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="paymentline_org_status")]

    def __str__(self) -> str:
        return f"Payment for {self.activity_title} ({self.worked_on:%-d %b %Y})"

    kind_label = "Involvement payment"


class ExpenseCategory(models.TextChoices):
    TRAVEL = "travel", "Travel"
    CARE = "care", "Care costs"
    OTHER = "other", "Other"


class ExpenseClaim(Claim):
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    activity_title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=ExpenseCategory.choices)
    incurred_on = models.DateField()
    description = models.CharField(max_length=500)
    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True)
    receipt_content_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-incurred_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="expense_org_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "category"], name="one_expense_claim_per_category_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} for {self.activity_title} ({self.incurred_on:%-d %b %Y})"

    @property
    def kind_label(self) -> str:
        return f"Expenses: {self.get_category_display().lower()}"

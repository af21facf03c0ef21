"""Involvement payments and expenses. Money is whole pence in integer columns: never floats (ADR 0008).

A rate card says what involvement is paid at each rung of the ladder of co-production, from one date to another:
by the hour, or by the half day and full day. A payment line is one person's payment for one attendance, at the
rate in force on the day of the activity; it is made automatically when attendance is recorded (see payments.sync).

How hours become units on a daily card: up to HALF_DAY_HOURS (4 hours) is a half day, more is a full day (one
activity is never more than one day). Attendance of 0 hours is not paid.
An expense claim is money a person spent to take part (travel, care, other), with an optional receipt.
Both go submitted → approved or rejected (with a reason) → paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.core.uploads import UniqueUploadPath
from coqi.projects.choices import Rung
from coqi.projects.models import Activity, Attendance

HALF_DAY_HOURS = Decimal("4")


class RateBasis(models.TextChoices):
    HOURLY = "hourly", "By the hour"
    DAILY = "daily", "By the half day or full day"


class PayUnit(models.TextChoices):
    HOUR = "hour", "hour"
    HALF_DAY = "half_day", "half day"
    FULL_DAY = "full_day", "full day"


@dataclass(frozen=True)
class Price:
    unit: str
    units: Decimal
    unit_pence: int
    amount_pence: int


class RateCard(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rate_cards")
    name = models.CharField(max_length=200)
    basis = models.CharField(max_length=10, choices=RateBasis.choices, default=RateBasis.HOURLY)
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
    """What involvement at one rung of the ladder is paid: pence an hour on an hourly card, pence a half day and a
    full day on a daily card."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    level = models.CharField(max_length=20, choices=Rung.choices)
    hourly_pence = models.PositiveIntegerField(null=True, blank=True)
    half_day_pence = models.PositiveIntegerField(null=True, blank=True)
    full_day_pence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["rate_card", "id"]
        constraints = [models.UniqueConstraint(fields=["rate_card", "level"], name="one_rate_per_level")]

    def __str__(self) -> str:
        if self.hourly_pence is not None:
            return f"{self.get_level_display()}: {self.hourly_pence}p an hour"
        return f"{self.get_level_display()}: {self.half_day_pence}p a half day, {self.full_day_pence}p a full day"

    def price(self, hours) -> Price:
        """What `hours` of attendance is paid at this rate (see the module docstring for half and full days)."""
        from coqi.payments.money import hours_times_rate

        hours = Decimal(hours)
        if self.hourly_pence is not None:
            return Price(PayUnit.HOUR, hours, self.hourly_pence, hours_times_rate(hours, self.hourly_pence))
        if hours <= HALF_DAY_HOURS:
            return Price(PayUnit.HALF_DAY, Decimal(1), self.half_day_pence, self.half_day_pence)
        return Price(PayUnit.FULL_DAY, Decimal(1), self.full_day_pence, self.full_day_pence)


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
    unit = models.CharField(max_length=10, choices=PayUnit.choices, default=PayUnit.HOUR)
    unit_pence = models.PositiveIntegerField(help_text="Pence for one unit (an hour, a half day or a full day)")

    class Meta:
        ordering = ["-worked_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="paymentline_org_status")]

    def __str__(self) -> str:
        return f"Payment for {self.activity_title} ({self.worked_on:%-d %b %Y})"

    kind_label = "Involvement payment"

    @property
    def worked_out_as(self) -> str:
        from coqi.core.formatting import hours_text, pounds

        if self.unit == PayUnit.HOUR:
            return f"{hours_text(self.hours)} hours at {pounds(self.unit_pence)} an hour"
        return f"{hours_text(self.hours)} hours, paid as a {self.get_unit_display()} at {pounds(self.unit_pence)}"


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
    receipt = models.FileField(upload_to=UniqueUploadPath("receipts"), blank=True)
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

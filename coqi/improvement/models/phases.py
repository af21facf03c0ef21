"""How a measure's chart is read over time: its phases (limits redrawn after a change the team understands), the
points left out of the limits, and notes on periods.

Making Data Count's rule is that limits are never redrawn without knowing why, so every phase points at the team
decision that started it (ADR 0052-phases-as-decisions).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class MeasurePhase(models.Model):
    """From `starts_on` until the next phase, the chart has its own centre line and limits.

    `baseline_points`: the limits come from the phase's first N points only and are frozen there, so later
    points are judged against the baseline rather than pulling the limits along with them.
    """

    measure = models.ForeignKey("improvement.Measure", on_delete=models.CASCADE, related_name="phases")
    starts_on = models.DateField(help_text="The first period of the phase")
    baseline_points = models.PositiveSmallIntegerField(null=True, blank=True)
    # The decision log is the reason the limits moved. No page deletes a decision on its own; when the project
    # goes, both go (PROTECT here would stop a project from ever being deleted).
    decision = models.ForeignKey("projects.Decision", on_delete=models.CASCADE, related_name="measure_phases")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["measure", "starts_on"], name="one_phase_per_measure_period")]

    def __str__(self) -> str:
        return f"{self.measure}: phase from {self.starts_on:%b %Y}"


class ExcludedPeriod(models.Model):
    """A period left out of the centre line, the limits and the rules, with the reason (e.g. a data error)."""

    measure = models.ForeignKey("improvement.Measure", on_delete=models.CASCADE, related_name="excluded_periods")
    period = models.DateField()
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="one_exclusion_per_measure_period")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.period:%b %Y} left out ({self.reason})"


class MeasureNote(models.Model):
    """A free note on a period of a measure's chart, e.g. "new triage nurse started"."""

    measure = models.ForeignKey("improvement.Measure", on_delete=models.CASCADE, related_name="notes")
    period = models.DateField()
    text = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "period", "id"]

    def __str__(self) -> str:
        return f"{self.measure} {self.period:%b %Y}: {self.text}"

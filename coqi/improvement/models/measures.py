"""Measures of a project and their data, charted with coqi.spc."""

from django.db import models
from django.utils import timezone


class Measure(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"
        EXPERIENCE = "experience", "Experience"

    class Direction(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NEUTRAL = "neutral", "Neither: we watch for change"

    class ChartType(models.TextChoices):
        XMR = "xmr", "XmR chart, Making Data Count (individual values)"
        RUN = "run", "Run chart (median and runs rules)"
        I = "i", "I chart (qicharts2 individuals)"  # noqa: E741  qicharts2 names the chart "i"
        P = "p", "P chart (proportions: value out of denominator)"
        U = "u", "U chart (rates: value per denominator)"
        C = "c", "C chart (counts)"
        # rare events (falls, infections): one row per event, its date and the gap since the one before
        G = "g", "G chart (rare events: value is the cases or opportunities since the last event)"
        T = "t", "T chart (rare events: value is the days since the last event)"

    DENOMINATOR_CHARTS = frozenset({ChartType.P, ChartType.U})

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    definition = models.TextField(help_text="Exactly what is counted, from where, and what is left out")
    unit = models.CharField(max_length=60, help_text="For example falls per 1,000 bed days, %, days")
    improvement_direction = models.CharField(max_length=10, choices=Direction.choices)
    chart_type = models.CharField(max_length=10, choices=ChartType.choices, default=ChartType.XMR)
    multiply = models.FloatField(default=1, help_text="Multiplies values, e.g. 100 to show a proportion as %")
    target = models.FloatField(null=True, blank=True)
    population_group = models.CharField(
        max_length=100, blank=True, help_text="Data split by, e.g. deprivation quintile or ethnicity; blank for none"
    )
    version = models.PositiveIntegerField(default=1)
    # Changes whenever the data changes, so a cached chart of older data is never shown.
    data_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    # Archived measures leave the charts, the summary and the board report, but keep their data and page, so a
    # team can stop watching a measure without losing what it showed (and bring it back).
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def needs_denominator(self) -> bool:
        return self.chart_type in self.DENOMINATOR_CHARTS

    @property
    def is_stratified(self) -> bool:
        return bool(self.population_group)


class DataPoint(models.Model):
    """One period's value (and denominator) of a measure, for the whole population or one group of it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="data_points")
    period = models.DateField(help_text="The first day of the period (e.g. the month)")
    group = models.CharField(max_length=100, blank=True, default="")
    value = models.FloatField()
    denominator = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["group", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "group", "period"], name="one_value_per_measure_group_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period:%Y-%m-%d}{' ' + self.group if self.group else ''}: {self.value:g}"

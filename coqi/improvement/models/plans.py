"""The Model for Improvement: an aim, a driver diagram that ends in change ideas, and PDSA cycles testing them.

Every editable item carries a `version`; services refuse a change made from an out-of-date copy, so two
people editing the same thing at once never silently overwrite each other.
"""

from django.db import models
from django.utils import timezone


class Aim(models.Model):
    """What the team will improve, for whom, by how much and by when — one per project."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="aim")
    what = models.CharField(max_length=300, help_text="What will get better")
    for_whom = models.CharField(max_length=300, help_text="For whom")
    how_much = models.CharField(max_length=200, help_text="By how much")
    by_when = models.DateField(help_text="By when")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.statement

    @property
    def statement(self) -> str:
        # "by how much" is often written as "by a third" or "from 9 to 6 a month": only add "by" when it is not.
        how_much = self.how_much if self.how_much.lower().startswith(("by ", "from ", "to ")) else f"by {self.how_much}"
        return f"{self.what} for {self.for_whom} {how_much} by {self.by_when:%-d %B %Y}"


class DriverNode(models.Model):
    """One box of the driver diagram: a primary driver, a secondary driver under it, or a change idea.

    The aim is the diagram's root, so primary drivers have no parent. Change ideas hang off either kind of
    driver, because teams often have an idea for a primary driver before they have broken it down.
    """

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"
        CHANGE_IDEA = "change_idea", "Change idea"

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="driver_nodes")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["project", "parent", "position"], name="driver_node_siblings")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_change_idea(self) -> bool:
        return self.kind == self.Kind.CHANGE_IDEA


class PdsaCycle(models.Model):
    """One Plan–Do–Study–Act test of a change idea, written up as it happens."""

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt: keep the change"
        ADAPT = "adapt", "Adapt: change it and test again"
        ABANDON = "abandon", "Abandon: stop testing this change"

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="pdsa_cycles")
    change_idea = models.ForeignKey(DriverNode, on_delete=models.PROTECT, related_name="pdsa_cycles")
    number = models.PositiveIntegerField(help_text="1, 2, 3 … within the project")
    title = models.CharField(max_length=200)
    plan = models.TextField(help_text="What we will do, who, where and when")
    prediction = models.TextField(help_text="What we think will happen")
    started_on = models.DateField()
    do_notes = models.TextField(blank=True, help_text="What happened when we tried it")
    study_notes = models.TextField(blank=True, help_text="What we learnt, compared with the prediction")
    act = models.CharField(max_length=10, choices=Act.choices, blank=True)
    act_notes = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    participants = models.ManyToManyField("projects.ProjectMember", blank=True, related_name="pdsa_cycles")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="one_pdsa_number_per_project")]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.title}"

    @property
    def short_label(self) -> str:
        return f"PDSA {self.number}"

    @property
    def stage(self) -> str:
        """Where the cycle is, from what has been written so far."""
        if self.act:
            return "Act"
        if self.study_notes:
            return "Study"
        if self.do_notes:
            return "Do"
        return "Plan"

"""Experience of care: FFT responses and their comments, redacted before they are stored, themed and scored.

Stories are not here: a story is one row, `coqi.projects.models.Story`, which this area records and lists at the
organisation's level and the projects below it use (see docs/adr/0034)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation


class ColumnMapping(models.Model):
    """Which column of an organisation's FFT export holds what; set once, used for every later import."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="feedback_mapping")
    date_column = models.CharField(max_length=100, default="date")
    service_column = models.CharField(max_length=100, default="service")
    score_column = models.CharField(max_length=100, default="score")
    question_column = models.CharField(max_length=100, blank=True, default="question")
    text_column = models.CharField(max_length=100, default="comment")
    demographic_columns = models.CharField(
        max_length=500, blank=True, default="", help_text="Comma-separated, e.g. 'age group, ethnicity'"
    )

    def __str__(self) -> str:
        return f"Column mapping for {self.organisation}"

    def demographics(self) -> list[str]:
        return [c.strip().lower() for c in self.demographic_columns.split(",") if c.strip()]


class FeedbackImport(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feedback_imports")
    file_name = models.CharField(max_length=255)
    rows_read = models.PositiveIntegerField(default=0)
    comments_added = models.PositiveIntegerField(default=0)
    duplicates_skipped = models.PositiveIntegerField(default=0)
    identifiers_redacted = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class FeedbackComment(models.Model):
    """One FFT response. `text` is already redacted; the original words are never stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feedback_comments")
    feedback_import = models.ForeignKey(
        FeedbackImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    received_on = models.DateField()
    service = models.CharField(max_length=200)
    question = models.CharField(max_length=300, blank=True)
    fft_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 very good … 5 very poor, 6 don't know"
    )
    text = models.TextField(blank=True)
    redactions = models.PositiveIntegerField(default=0)
    themes = models.JSONField(default=list)
    sentiment = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 very positive … 5 very negative")
    demographics = models.JSONField(default=dict, blank=True)
    # sha256 of (organisation, date, service, question, original text): the same response never comes in twice.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a person corrected the themes and sentiment: such comments are the organisation's training data.
    labelled_at = models.DateTimeField(null=True, blank=True)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fingerprint"], name="feedback_comment_once_per_org")
        ]
        indexes = [
            models.Index(fields=["organisation", "service", "received_on"], name="feedback_org_service_date"),
            # The comment browser's order, newest first: its keyset pages read 26 rows of this (ADR 0042).
            models.Index(fields=["organisation", "received_on", "id"], name="feedback_org_newest"),
        ]
        # The full-text index is not here: it is SQL of each vendor's own (coqi/experience/search.py, ADR 0042).

    def __str__(self) -> str:
        return f"{self.service}, {self.received_on:%-d %b %Y}: {self.text[:60]}"

    @property
    def is_positive(self) -> bool:
        return self.fft_score in (1, 2)


class CommentTheme(models.Model):
    """A theme on a comment (one row per comment and theme), so counts and filters are plain queries."""

    comment = models.ForeignKey(FeedbackComment, on_delete=models.CASCADE, related_name="theme_rows")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "name"], name="feedback_theme_once_per_comment")]
        indexes = [models.Index(fields=["organisation", "name"], name="feedback_theme_org_name")]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """A feedback file imported in the background, with its progress and result for the person who uploaded it.

    The uploaded bytes wait in `content` only until the job ends (success or not): they are the unredacted file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        SUCCEEDED = "succeeded", "Imported"
        REJECTED = "rejected", "Not imported: the file has problems"
        FAILED = "failed", "Not imported: something went wrong"

    FINISHED = (Status.SUCCEEDED, Status.REJECTED, Status.FAILED)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feedback_import_jobs")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    result = models.OneToOneField(FeedbackImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="job")
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the worker last moved the job on (claimed it, or finished a chunk). A running job whose worker died
    # never moves again; `services.fail_stalled_imports` ends it as failed once this is old enough.
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class OrganisationTextModel(models.Model):
    """A themes-and-sentiment model trained on an organisation's own corrected comments, with its held-out scores
    beside the shipped model's on the same rows. Used for new imports only when an admin chooses it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Training"
        READY = "ready", "Trained"
        FAILED = "failed", "Not trained"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="text_models")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    labelled_rows = models.PositiveIntegerField(default=0)
    trained_rows = models.PositiveIntegerField(default=0)
    held_out_rows = models.PositiveIntegerField(default=0)
    # {"organisation": {"micro": …, "macro": …, "sentiment": …}, "shipped": {…}} on the same held-out rows
    scores = models.JSONField(default=dict, blank=True)
    model_file = models.BinaryField(null=True, blank=True, editable=False)
    in_use = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(in_use=True), name="one_text_model_in_use_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"Model {self.pk} for {self.organisation} ({self.get_status_display()})"

    @property
    def at_least_as_good(self) -> bool:
        """Both theme F1 figures at least the shipped model's on the same held-out rows."""
        mine, shipped = self.scores.get("organisation"), self.scores.get("shipped")
        if self.status != self.Status.READY or not mine or not shipped:
            return False
        return all(mine[key] >= shipped[key] for key in ("micro", "macro"))


# Summary tables (ADR 0041). Each row is the sum of its comments' contributions, kept in the same transaction as
# the writes that change comments (`coqi.experience.summaries`), so the dashboard reads a few hundred rows per
# month shown instead of every comment the organisation ever had. The unique keys are also the indexes the reads
# use: organisation and service (or column) first, then the months. Sizes are bounded by services × months × themes
# (× 6 sentiments), never by comments. No sentiment is stored as 0, not NULL, so the unique keys can be upserted.


class FeedbackMonth(models.Model):
    """Responses per organisation × month × service × sentiment: monthly % positive, volume, sentiment mix."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="First day of the month")
    service = models.CharField(max_length=200)
    sentiment = models.PositiveSmallIntegerField(help_text="1–5, or 0 for no sentiment")
    responses = models.IntegerField(default=0)
    scored = models.IntegerField(default=0)
    positive = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "month", "sentiment"], name="feedback_month_cell_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}, {self.month:%b %Y}, sentiment {self.sentiment}: {self.responses}"


class FeedbackThemeMonth(models.Model):
    """Comments carrying a theme per organisation × month × service × sentiment (the dashboard filters by each)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    service = models.CharField(max_length=200)
    theme = models.CharField(max_length=200)
    sentiment = models.PositiveSmallIntegerField()
    comments = models.IntegerField(default=0)
    scored = models.IntegerField(default=0)
    positive = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "month", "theme", "sentiment"], name="feedback_theme_month_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme}, {self.service}, {self.month:%b %Y}: {self.comments}"


class FeedbackGroupMonth(models.Model):
    """Responses per organisation × month × service × demographic (column, value) × sentiment. Demographics are a
    few columns with a few values each; empty answers are not stored (they are the total less the groups)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    service = models.CharField(max_length=200)
    column = models.TextField()
    value = models.TextField()
    sentiment = models.PositiveSmallIntegerField()
    responses = models.IntegerField(default=0)
    scored = models.IntegerField(default=0)
    positive = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "column", "month", "value", "sentiment"],
                name="feedback_group_month_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.column}={self.value}, {self.service}, {self.month:%b %Y}: {self.responses}"


class FeedbackGroupThemeMonth(models.Model):
    """Comments carrying a theme per organisation × month × service × demographic (column, value) × sentiment: the
    top themes of each group, and groups compared within one theme, with or without a service chosen."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    service = models.CharField(max_length=200, default="")
    column = models.TextField()
    value = models.TextField()
    theme = models.CharField(max_length=200)
    sentiment = models.PositiveSmallIntegerField()
    comments = models.IntegerField(default=0)
    scored = models.IntegerField(default=0)
    positive = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "column", "month", "value", "theme", "sentiment"],
                name="feedback_group_theme_in_service_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme}, {self.column}={self.value}, {self.month:%b %Y}: {self.comments}"


class FeedbackThemePairMonth(models.Model):
    """Comments carrying both `theme` and `other` per organisation × month × service × sentiment (a theme paired
    with itself too): what else the comments of a chosen theme talk about. Bounded by themes², never by comments."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    service = models.CharField(max_length=200)
    theme = models.CharField(max_length=200)
    other = models.CharField(max_length=200)
    sentiment = models.PositiveSmallIntegerField()
    comments = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "theme", "month", "other", "sentiment"],
                name="feedback_theme_pair_month_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} with {self.other}, {self.service}, {self.month:%b %Y}: {self.comments}"


class FeedbackFacet(models.Model):
    """What the filter lists offer (services, themes, demographic groups) with all-time counts, so the dropdowns
    and the unfiltered theme counts never scan comments."""

    class Kind(models.TextChoices):
        SERVICE = "service"
        THEME = "theme"
        GROUP = "group"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    column = models.TextField(blank=True, default="", help_text="The demographic column, for groups")
    value = models.TextField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "column", "value"], name="feedback_facet_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.column} {self.value}: {self.count}".replace("  ", " ")

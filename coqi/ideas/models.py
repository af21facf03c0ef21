"""Community ideas: anyone, without an account, raises an idea or concern on an organisation's public page;
staff and partners respond; the public page shows "You said, we did" and how long responses take.

No contact details are kept (see ADR 0023): a visitor follows their idea through a private link instead."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation


class CommunityPage(models.Model):
    """An organisation's public ideas page. Off until an admin switches it on; off means the page is 404."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="community_page")
    is_open = models.BooleanField(default=False)
    welcome = models.TextField(blank=True, help_text="A few words at the top of the public page.")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Community ideas page of {self.organisation}"


class IdeaStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not published"
    SPAM = "spam", "Spam"


class Idea(models.Model):
    """An idea or concern for improvement from the public. Text is redacted of identifiers before it is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="community_ideas")
    what = models.TextField()
    better = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.WAITING)
    redactions = models.PositiveIntegerField(default=0)
    links = models.PositiveIntegerField(default=0)
    # Why the spam checks flagged it for a careful look (e.g. many links); it still waits like every idea.
    flag = models.CharField(max_length=200, blank=True)
    # The visitor's private link to follow their idea; random, never listed anywhere.
    tracking_token = models.CharField(max_length=64, unique=True)
    raised_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="community_ideas"
    )
    first_response_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "raised_at"], name="idea_org_status")]

    def __str__(self) -> str:
        return f"Community idea {self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status == IdeaStatus.WAITING


class ResponseStatus(models.TextChoices):
    LOOKING = "looking", "We're looking at it"
    DONE = "done", "We did this"
    CANNOT = "cannot", "We can't do this"


RESPONSE_DESCRIPTIONS = {
    ResponseStatus.LOOKING: "Say what you are doing to look into it, and when people will hear more.",
    ResponseStatus.DONE: "Say what changed, so people can see it.",
    ResponseStatus.CANNOT: "Say why, honestly. People accept a no far better when they understand it.",
}


class IdeaResponse(models.Model):
    """What the organisation said back. Shown publicly with the responder's role, never their name."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(max_length=20, choices=ResponseStatus.choices)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_role = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Response to community idea {self.idea_id}"

"""Writes for community ideas: each keyword-only, in one transaction, recording one audit event."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.models import Organisation
from coqi.core.redaction import redact
from coqi.core.roles import Role
from coqi.ideas.models import CommunityPage, Idea, IdeaResponse, IdeaStatus, ResponseStatus

AUDIT_LABELS = {
    "community_page.changed": "Community ideas page changed",
    "idea.raised": "Community idea raised",
    "idea.moderated": "Community idea moderated",
    "idea.responded": "Community idea answered",
    "idea.sent_to_project": "Community idea sent to a project",
}

WHAT_LIMIT = 2000
BETTER_LIMIT = 2000
RESPONSE_LIMIT = 2000
REASON_LIMIT = 1000
# More links than this and an idea is flagged for the moderator: real ideas rarely need links, spam is full of them.
LINK_LIMIT = 2
_LINK = re.compile(r"(?i)\bhttps?://|\bwww\.|<a\s|\[url")

ROLE_LABELS = {
    Role.ORGANISATION_ADMIN: "staff",
    Role.STAFF: "staff",
    Role.FACILITATOR: "co-production facilitator",
    Role.LIVED_EXPERIENCE_PARTNER: "lived experience partner",
}
DECISIONS = {"publish": IdeaStatus.PUBLISHED, "spam": IdeaStatus.SPAM, "reject": IdeaStatus.REJECTED}


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


def _limited(value: str, *, field: str, limit: int, missing: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text and missing:
        raise ValidationError({field: missing})
    if len(text) > limit:
        raise ValidationError(
            {field: f"{what} is {len(text):,} characters long. Please shorten it to {limit:,} characters or fewer."}
        )
    return text


@transaction.atomic
def set_community_page(*, actor, organisation: Organisation, is_open: bool, welcome: str = "") -> CommunityPage:
    welcome = _limited(welcome, field="welcome", limit=BETTER_LIMIT, missing=None, what="The welcome")
    page, _ = CommunityPage.objects.select_for_update().get_or_create(organisation=organisation)
    before = page.is_open
    page.is_open, page.welcome, page.updated_at = bool(is_open), welcome, timezone.now()
    page.save()
    audit.record(
        actor=actor,
        organisation=organisation,
        action="community_page.changed",
        target=page,
        changes={"open": [before, page.is_open]},
    )
    return page


@transaction.atomic
def raise_idea(
    *, actor=None, organisation: Organisation, what: str, better: str = "", at: datetime | None = None
) -> Idea:
    """A visitor's idea: identifiers redacted before storing; it waits for a moderator like every public idea."""
    what = _limited(what, field="what", limit=WHAT_LIMIT, missing="Tell us your idea or concern.", what="Your idea")
    better = _limited(better, field="better", limit=BETTER_LIMIT, missing=None, what="What would make it better")
    links = count_links(what) + count_links(better)
    redacted_what, what_hits = redact(what)
    redacted_better, better_hits = redact(better)
    idea = Idea.objects.create(
        organisation=organisation,
        what=redacted_what,
        better=redacted_better,
        redactions=what_hits + better_hits,
        links=links,
        flag=f"Contains {links} links: check for spam" if links > LINK_LIMIT else "",
        tracking_token=secrets.token_urlsafe(24),
        raised_at=at or timezone.now(),
    )
    # The audit keeps counts only: the idea's words are the visitor's, and the idea itself holds them.
    audit.record(
        actor=actor,
        organisation=organisation,
        action="idea.raised",
        target=idea,
        changes={"identifiers redacted": idea.redactions, "links": links},
    )
    return idea


@transaction.atomic
def moderate(*, actor, idea: Idea, decision: str, reason: str = "") -> Idea:
    """Publish, mark as spam or reject with a reason (the reason is shown to the visitor on their private link)."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose publish, spam or not published."})
    reason = (reason or "").strip()
    if decision == "reject":
        reason = _limited(
            reason,
            field="reason",
            limit=REASON_LIMIT,
            what="The reason",
            missing="Say why it will not be published; the person who raised it will see this.",
        )
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    before = idea.status
    idea.status = DECISIONS[decision]
    idea.rejection_reason = reason if decision == "reject" else ""
    idea.moderated_by, idea.moderated_at = actor, timezone.now()
    idea.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    audit.record(
        actor=actor,
        organisation=idea.organisation,
        action="idea.moderated",
        target=idea,
        changes={"status": [before, idea.status], **({"reason": reason} if reason else {})},
    )
    return idea


@transaction.atomic
def respond(*, actor, idea: Idea, status: str, text: str, role: str, at: datetime | None = None) -> IdeaResponse:
    """Answer a published idea. The words are shown publicly, so they are redacted like the idea itself."""
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError({"status": "Publish the idea before responding, so the response can be seen."})
    if status not in ResponseStatus.values:
        raise ValidationError({"status": "Choose looking at it, did this, or can't do this."})
    missing = (
        "Say why you can't do this." if status == ResponseStatus.CANNOT else "Say what you are doing or what changed."
    )
    text, _ = redact(_limited(text, field="text", limit=RESPONSE_LIMIT, missing=missing, what="The response"))
    when = at or timezone.now()
    response = IdeaResponse.objects.create(
        idea=idea, status=status, text=text, author=actor, author_role=ROLE_LABELS.get(role, "staff"), created_at=when
    )
    if idea.first_response_at is None or when < idea.first_response_at:
        Idea.objects.filter(pk=idea.pk).update(first_response_at=when)
        idea.first_response_at = when
    audit.record(
        actor=actor, organisation=idea.organisation, action="idea.responded", target=idea, changes={"status": status}
    )
    return response


@transaction.atomic
def send_to_project(*, actor, idea: Idea, project, theme: str, can_edit: bool):
    """Link the idea to a project and add it there as "what matters" evidence (the projects service writes it)."""
    from coqi.projects.services import evidence as project_services

    if project.organisation_id != idea.organisation_id or not can_edit:
        raise PermissionDenied
    if idea.status == IdeaStatus.SPAM:
        raise ValidationError({"project": "Spam cannot be sent to a project."})
    name = _limited(
        theme, field="theme", limit=200, missing="Give a short name for what matters here.", what="The name"
    )
    note = f"Community idea raised {idea.raised_at:%-d %B %Y}: “{idea.what[:1500]}”"
    evidence = project_services.add_feedback_theme(actor=actor, project=project, name=name, source_note=note)
    Idea.objects.filter(pk=idea.pk).update(project=project)
    idea.project = project
    audit.record(
        actor=actor,
        organisation=idea.organisation,
        action="idea.sent_to_project",
        target=idea,
        changes={"project": project.title, "theme": name},
    )
    return evidence

"""Moderation, responses, sending to a project, the page switch, and the response-time figures on known data."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coqi.core.models import AuditEvent
from coqi.core.roles import Role
from coqi.ideas import selectors, services
from coqi.ideas.models import IdeaStatus, ResponseStatus
from tests.ideas.samples import sample_idea

pytestmark = pytest.mark.django_db


def test_moderation_decisions_are_audited(trio):
    idea = sample_idea(trio, publish=False)
    services.moderate(actor=trio.member, idea=idea, decision="publish")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PUBLISHED and idea.moderated_by == trio.member and idea.moderated_at
    with pytest.raises(ValidationError) as missing:
        services.moderate(actor=trio.member, idea=idea, decision="reject", reason="  ")
    assert "Say why it will not be published" in str(missing.value)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PUBLISHED  # nothing half-saved
    services.moderate(actor=trio.member, idea=idea, decision="reject", reason="It names a member of staff.")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.REJECTED and idea.rejection_reason == "It names a member of staff."
    services.moderate(actor=trio.owner, idea=idea, decision="spam")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SPAM and idea.rejection_reason == ""
    changes = [e.changes["status"] for e in AuditEvent.objects.filter(action="idea.moderated").order_by("id")]
    assert changes == [["waiting", "published"], ["published", "rejected"], ["rejected", "spam"]]
    with pytest.raises(ValidationError):
        services.moderate(actor=trio.owner, idea=idea, decision="delete")


def test_responses_need_a_published_idea_and_words(trio):
    waiting = sample_idea(trio, publish=False)
    with pytest.raises(ValidationError) as unpublished:
        services.respond(actor=trio.member, idea=waiting, status=ResponseStatus.DONE, text="Done", role=Role.STAFF)
    assert "Publish the idea before responding" in str(unpublished.value)
    idea = sample_idea(trio)
    with pytest.raises(ValidationError) as why:
        services.respond(actor=trio.member, idea=idea, status=ResponseStatus.CANNOT, text="", role=Role.STAFF)
    assert "Say why you can't do this." in str(why.value)
    with pytest.raises(ValidationError):
        services.respond(actor=trio.member, idea=idea, status="maybe", text="Hmm", role=Role.STAFF)
    response = services.respond(
        actor=trio.partner,
        idea=idea,
        status=ResponseStatus.LOOKING,
        text="I'll raise it with Dr Patel on 07700 900123.",
        role=Role.LIVED_EXPERIENCE_PARTNER,
    )
    assert response.author_role == "lived experience partner"
    assert "Patel" not in response.text and "07700" not in response.text  # shown publicly, so redacted too
    idea.refresh_from_db()
    assert idea.first_response_at == response.created_at
    later = services.respond(
        actor=trio.member, idea=idea, status=ResponseStatus.DONE, text="New signs are up.", role=Role.STAFF
    )
    idea.refresh_from_db()
    assert idea.first_response_at == response.created_at != later.created_at
    assert AuditEvent.objects.filter(action="idea.responded").count() == 2


def test_send_to_a_project_as_what_matters(trio):
    from tests.improvement.helpers import make_project

    project = make_project(trio.organisation, title="Better signs")
    foreign = make_project(trio.other_organisation, title="Not ours")
    idea = sample_idea(trio, what="The signs to outpatients are confusing.")
    evidence = services.send_to_project(
        actor=trio.member, idea=idea, project=project, theme="Finding the way", can_edit=True
    )
    assert evidence.project == project and evidence.name == "Finding the way"
    assert "The signs to outpatients are confusing." in evidence.source_note
    idea.refresh_from_db()
    assert idea.project == project
    assert AuditEvent.objects.filter(action="idea.sent_to_project").count() == 1
    with pytest.raises(PermissionDenied):
        services.send_to_project(actor=trio.member, idea=idea, project=foreign, theme="x", can_edit=True)
    with pytest.raises(PermissionDenied):
        services.send_to_project(actor=trio.partner, idea=idea, project=project, theme="x", can_edit=False)
    with pytest.raises(ValidationError):
        services.send_to_project(actor=trio.member, idea=idea, project=project, theme=" ", can_edit=True)


def test_page_switch_is_audited(trio):
    page = services.set_community_page(actor=trio.owner, organisation=trio.organisation, is_open=True, welcome="Hi")
    assert page.is_open and page.welcome == "Hi"
    services.set_community_page(actor=trio.owner, organisation=trio.organisation, is_open=False)
    changes = [e.changes for e in AuditEvent.objects.filter(action="community_page.changed").order_by("id")]
    assert changes == [{"open": [False, True]}, {"open": [True, False]}]


def test_response_times_on_known_data(trio):
    """Published ideas answered after 2, 4, 10 and 45 days; one unanswered for 40 days (counts as not within 30);
    one unanswered for 5 days (not counted yet); a waiting idea answered never counts at all."""
    now = timezone.now()
    for raised_days_ago, answered_after in [(100, 2), (90, 4), (80, 10), (70, 45), (40, None), (5, None)]:
        idea = sample_idea(trio, at=now - timedelta(days=raised_days_ago))
        if answered_after is not None:
            services.respond(
                actor=trio.member,
                idea=idea,
                status=ResponseStatus.DONE,
                text="Done.",
                role=Role.STAFF,
                at=idea.raised_at + timedelta(days=answered_after),
            )
    sample_idea(trio, publish=False, at=now - timedelta(days=60))
    times = selectors.response_times(organisation=trio.organisation, now=now)
    assert times.published == 6 and times.answered == 4
    assert times.median_days == pytest.approx(7.0)  # median of 2, 4, 10, 45
    assert (times.within, times.counted) == (3, 5)
    assert times.share_within == pytest.approx(0.6)


def test_response_times_with_nothing_answered(trio):
    sample_idea(trio)
    times = selectors.response_times(organisation=trio.organisation)
    assert times.median_days is None and times.share_within is None and times.answered == 0

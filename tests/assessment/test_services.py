"""Self-assessment writes: audited, drafts never counted, incomplete answers cannot be submitted, closed rounds
refuse."""

import pytest
from django.core.exceptions import ValidationError

from coqi.assessment import framework as frameworks
from coqi.assessment.selectors import rounds as selectors
from coqi.assessment.services import rounds as services
from coqi.core.models import AuditEvent
from coqi.core.roles import Experience, Role, experience_of
from tests.assessment.samples import all_ratings, sample_round

pytestmark = pytest.mark.django_db


def test_opening_a_round_records_the_framework_version_and_is_audited(trio):
    round_ = sample_round(trio, "Spring")
    assert (round_.framework_id, round_.framework_version) == frameworks.DEFAULT_FRAMEWORK
    assert AuditEvent.objects.filter(action="assessment.round_opened", target_id=str(round_.pk)).count() == 1
    with pytest.raises(ValidationError) as error:
        services.open_round(actor=trio.owner, organisation=trio.organisation, title="  ")
    assert "title" in error.value.message_dict


def test_draft_is_saved_but_not_counted_until_submitted(trio):
    round_ = sample_round(trio)
    draft = services.save_response(
        actor=trio.partner,
        round=round_,
        experience=Experience.LIVED,
        ratings={"power-hidden": "2"},
        comments={"power-hidden": "  Not yet.  "},
    )
    assert (
        draft.submitted_at is None
        and draft.ratings == {"power-hidden": 2}
        and draft.comments == {"power-hidden": "Not yet."}
    )
    counted = selectors.round_for(organisation=trio.organisation, round_id=round_.pk)
    assert counted.lived_count == 0
    assert AuditEvent.objects.filter(action="assessment.response_saved").count() == 1
    # the audit trail records progress, never the ratings themselves
    assert "power-hidden" not in str(AuditEvent.objects.get(action="assessment.response_saved").changes)
    services.save_response(
        actor=trio.partner, round=round_, experience=Experience.LIVED, ratings=all_ratings(4), submit=True
    )
    assert selectors.round_for(organisation=trio.organisation, round_id=round_.pk).lived_count == 1
    assert AuditEvent.objects.filter(action="assessment.response_submitted").count() == 1


def test_incomplete_answers_cannot_be_submitted_and_nothing_is_saved(trio):
    round_ = sample_round(trio)
    ratings = all_ratings(3)
    ratings.pop("power-hidden")
    with pytest.raises(ValidationError) as error:
        services.save_response(
            actor=trio.member, round=round_, experience=Experience.LEARNT, ratings=ratings, submit=True
        )
    assert list(error.value.message_dict) == ["power-hidden"]
    assert not round_.responses.exists()


def test_bad_ratings_and_unknown_statements_are_refused(trio):
    round_ = sample_round(trio)
    with pytest.raises(ValidationError) as error:
        services.save_response(
            actor=trio.member, round=round_, experience=Experience.LEARNT, ratings={"power-hidden": 9, "made-up": 3}
        )
    assert set(error.value.message_dict) == {"power-hidden", "made-up"}
    with pytest.raises(ValidationError):
        services.save_response(actor=trio.member, round=round_, experience="neither", ratings={})


def test_closed_round_refuses_answers_and_submitted_answers_are_final(trio):
    round_ = sample_round(trio)
    services.save_response(
        actor=trio.member, round=round_, experience=Experience.LEARNT, ratings=all_ratings(3), submit=True
    )
    with pytest.raises(ValidationError, match="already submitted"):
        services.save_response(actor=trio.member, round=round_, experience=Experience.LEARNT, ratings=all_ratings(5))
    services.close_round(actor=trio.owner, round=round_)
    services.close_round(actor=trio.owner, round=round_)  # closing twice records once
    assert AuditEvent.objects.filter(action="assessment.round_closed").count() == 1
    with pytest.raises(ValidationError, match="closed"):
        services.save_response(actor=trio.partner, round=round_, experience=Experience.LIVED, ratings={})


def test_experience_follows_the_role_by_default():
    assert experience_of(Role.LIVED_EXPERIENCE_PARTNER) == Experience.LIVED
    assert experience_of(Role.STAFF) == Experience.LEARNT
    assert experience_of(Role.FACILITATOR) == Experience.LEARNT

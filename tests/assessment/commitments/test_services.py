"""Commitments: made and checked in through services, audited, owners must be members, overdue is found."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coqi.assessment.models.commitments import Level, Status
from coqi.assessment.selectors import commitments as selectors
from coqi.assessment.services import commitments as services
from coqi.core.concurrency import UNCHECKED, EditConflict
from coqi.core.models import AuditEvent
from tests.assessment.commitments.samples import sample_commitment
from tests.assessment.samples import sample_round

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_make_a_commitment_is_audited(trio):
    commitment = sample_commitment(trio)
    assert commitment.status == Status.NOT_STARTED and commitment.version == 1
    assert AuditEvent.objects.filter(action="commitment.made", target_id=str(commitment.pk)).count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"level": "galaxy"}, "level"),
        ({"text": "   "}, "text"),
        ({"owner": None}, "owner"),
        ({"review_on": "next week"}, "review_on"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(trio, change, field):
    data = {"level": Level.INDIVIDUAL, "text": "Do it", "owner": trio.member, "review_on": TODAY, **change}
    with pytest.raises(ValidationError) as error:
        services.make_commitment(actor=trio.member, organisation=trio.organisation, **data)
    assert field in error.value.message_dict
    assert not trio.organisation.commitments.exists()


def test_owner_must_belong_to_the_organisation(trio):
    with pytest.raises(ValidationError) as error:
        services.make_commitment(
            actor=trio.owner,
            organisation=trio.organisation,
            level=Level.SYSTEM,
            text="x",
            owner=trio.outsider,
            review_on=TODAY,
        )
    assert "owner" in error.value.message_dict


def test_a_gap_from_another_organisations_round_is_refused(trio):
    round_ = sample_round(trio)
    with pytest.raises(ValidationError):
        services.make_commitment(
            actor=trio.outsider,
            organisation=trio.other_organisation,
            level=Level.LEADER,
            text="x",
            owner=trio.outsider,
            review_on=TODAY,
            source_round=round_,
        )


def test_check_in_changes_status_and_review_date_and_detects_conflicts(trio):
    commitment = sample_commitment(trio, review_on=TODAY - timedelta(days=3))
    services.check_in(
        actor=trio.owner,
        commitment=commitment,
        note="Started.",
        status=Status.IN_PROGRESS,
        next_review_on=TODAY + timedelta(days=30),
        expected_version=1,
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.review_on, commitment.version) == (
        Status.IN_PROGRESS,
        TODAY + timedelta(days=30),
        2,
    )
    assert commitment.check_ins.count() == 1
    assert AuditEvent.objects.filter(action="commitment.checked_in").count() == 1
    with pytest.raises(EditConflict):
        services.check_in(actor=trio.owner, commitment=commitment, note="Late", status=Status.DONE, expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.check_in(
            actor=trio.owner,
            commitment=commitment,
            note="x",
            status=Status.DONE,
            next_review_on=TODAY - timedelta(days=1),
            expected_version=2,
        )
    assert "next_review_on" in error.value.message_dict
    assert commitment.check_ins.count() == 1


def test_overdue_is_open_and_past_its_review_date(trio):
    late = sample_commitment(trio, review_on=TODAY - timedelta(days=1), owner=trio.member)
    sample_commitment(trio, review_on=TODAY)  # due today: not overdue yet
    done = sample_commitment(trio, review_on=TODAY - timedelta(days=5))
    services.check_in(actor=trio.owner, commitment=done, note="Done", status=Status.DONE, expected_version=UNCHECKED)
    assert list(selectors.overdue(organisation=trio.organisation)) == [late]
    assert list(selectors.overdue(organisation=trio.organisation, owner=trio.owner)) == []
    assert late.is_overdue() and not done.is_overdue()


def test_edit_changes_only_what_is_given_and_is_audited(trio):
    commitment = sample_commitment(trio)
    services.edit_commitment(
        actor=trio.owner,
        commitment=commitment,
        expected_version=1,
        text="  New words. ",
        owner=trio.member,
        status=Status.IN_PROGRESS,
    )
    commitment.refresh_from_db()
    assert (commitment.text, commitment.owner, commitment.status, commitment.level, commitment.version) == (
        "New words.",
        trio.member,
        Status.IN_PROGRESS,
        Level.LEADER,
        2,
    )
    event = AuditEvent.objects.get(action="commitment.edited")
    assert event.changes["owner"] == ["Olive Owner", "Mo Member"]
    assert set(event.changes) == {"text", "owner", "status"}


def test_a_stale_edit_is_refused_and_saves_nothing(trio):
    commitment = sample_commitment(trio)
    services.edit_commitment(actor=trio.owner, commitment=commitment, expected_version=1, level=Level.SYSTEM)
    stale = selectors.commitment_for(organisation=trio.organisation, commitment_id=commitment.pk)
    stale.version = 1  # as read by someone who opened the form before that change
    with pytest.raises(EditConflict) as error:
        services.edit_commitment(actor=trio.member, commitment=stale, expected_version=1, text="Overwrite")
    assert "Someone else changed this commitment" in error.value.messages[0]
    # even an edit that changes nothing is told its form is out of date
    with pytest.raises(EditConflict):
        services.edit_commitment(actor=trio.member, commitment=stale, expected_version=1, level=Level.SYSTEM)
    commitment.refresh_from_db()
    assert (commitment.text, commitment.version) == ("Bring a partner to every quality committee.", 2)
    assert AuditEvent.objects.filter(action="commitment.edited").count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"level": "galaxy"}, "level"),
        ({"text": " "}, "text"),
        ({"owner": None}, "owner"),
        ({"status": "maybe"}, "status"),
        ({"review_on": TODAY - timedelta(days=1)}, "review_on"),
    ],
)
def test_bad_edits_name_the_field(trio, change, field):
    commitment = sample_commitment(trio)
    with pytest.raises(ValidationError) as error:
        services.edit_commitment(actor=trio.owner, commitment=commitment, expected_version=1, **change)
    assert field in error.value.message_dict
    commitment.refresh_from_db()
    assert commitment.version == 1


def test_an_overdue_commitment_can_be_reworded_without_moving_its_date(trio):
    commitment = sample_commitment(trio, review_on=TODAY - timedelta(days=5))
    services.edit_commitment(
        actor=trio.owner,
        commitment=commitment,
        expected_version=1,
        text="Clearer words.",
        review_on=TODAY - timedelta(days=5),
    )
    commitment.refresh_from_db()
    assert commitment.text == "Clearer words." and commitment.review_on == TODAY - timedelta(days=5)

"""Assets matched to projects: who is suggested, why, in what order, and who never is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coqi.partners import services as partner_services
from coqi.partners.selectors.partnership import suggestions_for, withdrawn_contact_ids
from coqi.partners.words import stem, words_of
from coqi.projects.choices import TeamRole
from coqi.projects.services import evidence as evidence_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services
from tests.partners.partnership.data import activity, known_set, partner, place

pytestmark = pytest.mark.django_db


def profile(data, person, **fields):
    return partner_services.save_profile(
        actor=data.facilitator, organisation=data.organisation, person=person, **fields
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("falls", "falling"),
        ("carers", "carer"),
        ("discharge", "discharged"),
        ("nights", "night"),
        ("worried", "worry"),
        ("disabilities", "disability"),
    ],
)
def test_word_forms_fold_together(a, b):
    assert stem(a) == stem(b)


def test_common_words_are_ignored_and_the_written_form_is_kept():
    words = words_of("Patients and staff want better care for Falls at night")
    assert set(words) == {"fall", "night"}
    assert words["fall"] == "falls"


def test_suggestions_rank_by_weighted_matches_and_show_the_words(trio):
    data = known_set(trio)
    profile(data, data.cal, lived_experience="I fell at night on a ward", interests="falls prevention")
    profile(data, data.dee, skills="Night shifts as a porter")
    profile(data, data.eli, networks="Falls support group", interests="gardening")
    profile(data, data.bea, lived_experience="Diabetes")
    result = suggestions_for(project=data.falls)
    # Falls at night: "Older people fall at night on the ward when they need the toilet."
    # Cal: lived night, ward (2 × 3) + interests falls (2) = 8; Dee: skills night (2); Eli: networks falls (1).
    assert [(s.person, s.score) for s in result.suggestions] == [(data.cal, 8), (data.dee, 2), (data.eli, 1)]
    cal = result.suggestions[0]
    assert [(m.label, m.words) for m in cal.matches] == [
        ("Lived experience", ("night", "ward")),
        ("Interests", ("falls",)),
    ]
    assert cal.hours == Decimal("4") and cal.project_count == 1
    assert "fall" in result.project_words or "falls" in result.project_words
    assert "lived experience counts 3" in result.explanation


def test_equal_fit_goes_to_the_partner_giving_fewer_hours(trio):
    data = known_set(trio)
    fresh = partner(data.organisation, "Fay Fresh")
    profile(data, data.bea, interests="toilet")  # Bea gave 8 hours
    profile(data, fresh, interests="toilet")  # Fay none
    profile(data, data.dee, interests="toilet")  # Dee gave 4
    result = suggestions_for(project=data.food)
    assert result.suggestions == []  # hospital food: no toilets here
    result = suggestions_for(project=data.falls)
    assert [s.person for s in result.suggestions] == [fresh, data.dee, data.bea]


def test_never_suggested_busy_on_the_team_withdrawn_or_inactive(trio):
    data = known_set(trio)
    for person in (data.ada, data.bea, data.cal, data.dee, data.eli):
        profile(data, person, lived_experience="Hospital food and eating on the ward")
    # Ada: on four projects (busy). Bea: on the team. Cal: withdrew consent to be contacted. Dee: account off.
    consent = partner_services.record_consent(
        actor=data.facilitator,
        organisation=data.organisation,
        person=data.cal,
        what="To be contacted about new projects",
        agreed_on=date.today() - timedelta(days=100),
    )
    partner_services.withdraw_consent(actor=data.cal, consent=consent)
    data.dee.is_active = False
    data.dee.save()
    menus = project_services.create_project(actor=data.staff, organisation=data.organisation, title="Hospital menus")
    place(menus, data.bea, data.staff)
    result = suggestions_for(project=menus)
    assert [s.person for s in result.suggestions] == [data.eli]
    assert result.left_out_busy == 1


def test_withdrawing_another_consent_does_not_stop_suggestions(trio):
    data = known_set(trio)
    consent = partner_services.record_consent(
        actor=data.facilitator,
        organisation=data.organisation,
        person=data.cal,
        what="My photo on the noticeboard",
        agreed_on=date.today() - timedelta(days=100),
    )
    partner_services.withdraw_consent(actor=data.cal, consent=consent)
    assert withdrawn_contact_ids(organisation=data.organisation) == set()


def test_agreeing_again_after_withdrawing_counts(trio):
    data = known_set(trio)
    today = date.today()
    first = partner_services.record_consent(
        actor=data.facilitator,
        organisation=data.organisation,
        person=data.cal,
        what="Happy to be contacted about involvement opportunities",
        agreed_on=today - timedelta(days=100),
    )
    partner_services.withdraw_consent(actor=data.cal, consent=first, withdrawn_on=today - timedelta(days=50))
    assert withdrawn_contact_ids(organisation=data.organisation) == {data.cal.pk}
    partner_services.record_consent(
        actor=data.facilitator,
        organisation=data.organisation,
        person=data.cal,
        what="Happy to be contacted again",
        agreed_on=today - timedelta(days=10),
    )
    assert withdrawn_contact_ids(organisation=data.organisation) == set()


def test_staff_are_not_suggested_as_partners(trio):
    data = known_set(trio)
    partner_services.save_profile(
        actor=data.staff, organisation=data.organisation, person=data.staff, lived_experience="Hospital food"
    )
    assert suggestions_for(project=data.food).suggestions == []


def test_evidence_on_the_project_counts_as_what_it_is_about(trio):
    data = known_set(trio)
    profile(data, data.eli, interests="Menus in large print")
    assert suggestions_for(project=data.food).suggestions == []
    evidence_services.add_feedback_theme(actor=data.staff, project=data.food, name="Menus are hard to read")
    assert [s.person for s in suggestions_for(project=data.food).suggestions] == [data.eli]


def test_suggestions_take_a_bounded_number_of_queries(trio, django_assert_max_num_queries):
    data = known_set(trio)
    for n in range(15):
        person = partner(data.organisation, f"Extra {n}")
        profile(data, person, interests="falls and nights")
        activity(actor=data.staff, organisation=data.organisation, days_ago=5, hours="1", attendees=[person])
    team_services.add_team_member(
        actor=data.staff, project=data.falls, person=data.eli, role=TeamRole.CARER, role_description="Carer"
    )
    with django_assert_max_num_queries(14):
        result = suggestions_for(project=data.falls)
    assert len(result.suggestions) == 10

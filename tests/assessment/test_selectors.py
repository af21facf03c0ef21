"""Results on known answers: theme means per group, the perception gap, the continuum and the three curves."""

import pytest

from coqi.assessment import framework as frameworks
from coqi.assessment.selectors import rounds as selectors
from coqi.assessment.services import rounds as services
from coqi.core.roles import Experience
from tests.assessment.samples import all_ratings, sample_round
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _people(trio, role, n):
    people = []
    for _ in range(n):
        user = UserFactory()
        MembershipFactory(organisation=trio.organisation, user=user, role=role)
        people.append(user)
    return people


def _ratings_by_dimension(values: dict[str, int]) -> dict[str, int]:
    return {st.id: values[st.dimension] for st in frameworks.current().statements}


def _answer(round_, person, experience, ratings):
    services.save_response(actor=person, round=round_, experience=experience, ratings=ratings, submit=True)


def test_results_hidden_until_two_of_each_group_have_submitted(trio):
    round_ = sample_round(trio)
    _answer(round_, trio.partner, Experience.LIVED, all_ratings(2))
    _answer(round_, trio.member, Experience.LEARNT, all_ratings(4))
    result = selectors.round_results(round=round_)
    assert not result.visible and result.sections == [] and result.placement is None
    extra_staff = _people(trio, "staff", 1)[0]
    _answer(round_, extra_staff, Experience.LEARNT, all_ratings(4))
    assert not selectors.round_results(round=round_).visible  # one lived respondent would be identifiable
    # a draft does not count towards the two
    services.save_response(actor=trio.owner, round=round_, experience=Experience.LIVED, ratings=all_ratings(2))
    assert not selectors.round_results(round=round_).visible


def test_theme_means_per_group_and_the_perception_gap(trio):
    round_ = sample_round(trio)
    lived = [trio.partner, trio.owner]  # the owner answers from lived experience: the tag is theirs to choose
    learnt = [trio.member, _people(trio, "facilitator", 1)[0]]
    _answer(round_, lived[0], Experience.LIVED, all_ratings(2))
    _answer(round_, lived[1], Experience.LIVED, all_ratings(3))
    _answer(round_, learnt[0], Experience.LEARNT, all_ratings(4))
    _answer(round_, learnt[1], Experience.LEARNT, all_ratings(5))
    result = selectors.round_results(round=round_)
    assert result.visible and (result.lived_count, result.learnt_count) == (2, 2)
    assert len(result.themes) == 6 and len(result.factors) == 5
    power = next(s for s in result.sections if s.id == "power-sharing")
    assert (power.lived, power.learnt, power.overall, power.gap) == (2.5, 4.5, 3.5, -2.0)
    assert {s.id for s in result.largest_gaps} == {s.id for s in result.sections}


def test_placement_on_the_continuum_and_the_three_curves(trio):
    round_ = sample_round(trio)
    qi_strong = _ratings_by_dimension({"assurance": 5, "improvement": 4, "coproduction": 2})
    for person, experience in [
        (trio.partner, Experience.LIVED),
        (trio.owner, Experience.LIVED),
        (trio.member, Experience.LEARNT),
        (_people(trio, "staff", 1)[0], Experience.LEARNT),
    ]:
        _answer(round_, person, experience, qi_strong)
    placement = selectors.round_results(round=round_).placement
    assert (placement.assurance, placement.improvement, placement.coproduction) == (5, 4, 2)
    assert placement.continuum == "Quality improvement without co-production"
    assert placement.weakest_curve == "Co-produced improvement"


@pytest.mark.parametrize(
    "qi, co, expected",
    [
        (4, 4, "Co-produced quality improvement"),
        (2, 4, "Co-production without systematic quality improvement"),
        (2, 2, "Early in both quality improvement and co-production"),
        # Exactly on the midpoint has reached it: the higher label (issue 18).
        (3, 3, "Co-produced quality improvement"),
        (3, 2.99, "Quality improvement without co-production"),
        (2.99, 2.99, "Early in both quality improvement and co-production"),
    ],
)
def test_continuum_regions(qi, co, expected):
    placement = selectors.Placement(assurance=3, improvement=qi, coproduction=co, lowest=1, highest=5)
    assert placement.continuum == expected


def test_rounds_compare_over_time_in_few_queries(trio, django_assert_max_num_queries):
    others = _people(trio, "staff", 1) + _people(trio, "lived_experience_partner", 1)
    for title, value in [("Spring", 2), ("Autumn", 4)]:
        round_ = sample_round(trio, title)
        for person, experience in [
            (trio.partner, Experience.LIVED),
            (others[1], Experience.LIVED),
            (trio.member, Experience.LEARNT),
            (others[0], Experience.LEARNT),
        ]:
            _answer(round_, person, experience, all_ratings(value))
    sample_round(trio, "Not answered yet")
    with django_assert_max_num_queries(2):
        over_time = selectors.rounds_over_time(organisation=trio.organisation)
    assert [(r.round.title, r.placement.coproduction) for r in over_time] == [("Spring", 2), ("Autumn", 4)]


def test_open_round_awaiting_a_person(trio):
    round_ = sample_round(trio)
    assert selectors.open_round_awaiting(organisation=trio.organisation, person=trio.member) == round_
    _answer(round_, trio.member, Experience.LEARNT, all_ratings(3))
    assert selectors.open_round_awaiting(organisation=trio.organisation, person=trio.member) is None
    assert selectors.open_round_awaiting(organisation=trio.organisation, person=trio.partner) == round_

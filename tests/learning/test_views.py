"""Learning pages: facilitators and admins keep the register; others 403, outsiders 404; lists in few queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coqi.core.roles import Role
from coqi.learning.models import LearningEvent, OpportunityResponse, ResponseStatus
from tests.factories import MembershipFactory, UserFactory
from tests.learning.samples import sample_event, sample_opportunity

pytestmark = pytest.mark.django_db
BASE = "/o/riverside-test/learning/"
TODAY = date.today()


def test_only_facilitators_and_admins_keep_the_register(trio, client_for):
    event = sample_event(trio)
    opportunity = sample_opportunity(trio)
    urls = [
        BASE,
        f"{BASE}events/new/",
        f"{BASE}events/{event.pk}/",
        f"{BASE}opportunities/",
        f"{BASE}opportunities/new/",
        f"{BASE}opportunities/{opportunity.pk}/",
    ]
    for user, expected in [(trio.member, 403), (trio.partner, 403), (trio.outsider, 404), (trio.owner, 200)]:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == expected, (user, url)


def test_foreign_and_malformed_ids_are_404(trio, client_for):
    client = client_for(trio.owner)
    for bad in ["999999", "x", "-1"]:
        assert client.get(f"{BASE}events/{bad}/").status_code == 404
        assert client.get(f"{BASE}opportunities/{bad}/").status_code == 404


def test_record_an_event_with_a_partner_and_staff(trio, client_for):
    client = client_for(trio.owner)
    response = client.post(
        f"{BASE}events/new/",
        {
            "topic": "co_production",
            "title": "Co-production basics",
            "held_on": TODAY.isoformat(),
            "hours": "2.5",
            "run_by": "Our facilitator",
            "attendees": [trio.partner.pk, trio.member.pk],
        },
    )
    assert response.status_code == 302
    event = LearningEvent.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "1 with lived experience and 1 with learnt experience" in page and "learnt together" in page
    register = client.get(BASE).content.decode()
    assert "Co-production basics" in register and "1 of 1 (100%)" in register
    assert event.attendances.count() == 2


def test_bad_event_form_shows_problems_and_saves_nothing(trio, client_for):
    page = (
        client_for(trio.owner)
        .post(
            f"{BASE}events/new/",
            {
                "topic": "qi_methods",
                "title": "Run charts",
                "held_on": (TODAY + timedelta(days=2)).isoformat(),
                "hours": "1.1",
                "run_by": "Me",
            },
        )
        .content.decode()
    )
    assert "There is a problem" in page and "cannot be in the future" in page
    assert not LearningEvent.objects.exists()


def test_change_attendance_and_stale_form(trio, client_for):
    event = sample_event(trio, attendees=[trio.partner])
    client = client_for(trio.owner)
    url = f"{BASE}events/{event.pk}/"
    assert client.post(url, {"attendees": [trio.member.pk], "version": 1}).status_code == 302
    assert list(event.attendances.values_list("person_id", flat=True)) == [trio.member.pk]
    stale = client.post(url, {"attendees": [], "version": 1}).content.decode()
    assert "Someone else changed this learning event" in stale
    assert event.attendances.count() == 1


def test_offer_an_opportunity_and_record_taken_up(trio, client_for):
    client = client_for(trio.owner)
    response = client.post(
        f"{BASE}opportunities/new/",
        {
            "kind": "role",
            "title": "Co-chair the patient safety group",
            "offered_to": [trio.partner.pk],
        },
    )
    assert response.status_code == 302
    opportunity_url = response["Location"]
    assert client.post(opportunity_url, {"person": trio.partner.pk, "status": "taken_up"}).status_code == 302
    assert OpportunityResponse.objects.get().status == ResponseStatus.TAKEN_UP
    page = client.get(f"{BASE}opportunities/").content.decode()
    assert "Co-chair the patient safety group" in page
    empty = client.post(f"{BASE}opportunities/new/", {"kind": "course", "title": "Course"}).content.decode()
    assert "Open it to all partners, or name at least one person" in empty


def test_partner_answers_an_opportunity_offered_to_them_only(trio, client_for):
    mine = sample_opportunity(trio, offered_to=[trio.partner])
    theirs = sample_opportunity(trio, title="Staff secondment", offered_to=[trio.member])
    client = client_for(trio.partner)
    response = client.post(f"{BASE}opportunities/{mine.pk}/answer/", {"status": "interested"})
    assert response.status_code == 302 and response["Location"].endswith("/involvement/#opportunities")
    assert mine.responses.get().status == ResponseStatus.INTERESTED
    assert client.post(f"{BASE}opportunities/{theirs.pk}/answer/", {"status": "interested"}).status_code == 404
    client.post(f"{BASE}opportunities/{mine.pk}/answer/", {"status": "taken_up"})  # not theirs to say
    assert mine.responses.get().status == ResponseStatus.INTERESTED
    assert client.get(f"{BASE}opportunities/{mine.pk}/answer/").status_code == 405


def test_lists_in_few_queries(trio, client_for, django_assert_max_num_queries):
    people = [UserFactory() for _ in range(6)]
    for person in people:
        MembershipFactory(organisation=trio.organisation, user=person, role=Role.LIVED_EXPERIENCE_PARTNER)
    for n in range(12):
        sample_event(trio, title=f"Event {n}", held_on=TODAY - timedelta(days=40 * n), attendees=people[: n % 6 + 1])
        sample_opportunity(trio, title=f"Opportunity {n}", offered_to=people[: n % 6 + 1])
    client = client_for(trio.owner)
    for url in [BASE, f"{BASE}opportunities/"]:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
    event = LearningEvent.objects.first()
    with django_assert_max_num_queries(16):
        assert client.get(f"{BASE}events/{event.pk}/").status_code == 200


def test_correct_an_events_details(trio, client_for):
    event = sample_event(trio, title="Run chart basics")
    client = client_for(trio.owner)
    url = f"{BASE}events/{event.pk}/edit/"
    form = {
        "topic": "qi_methods",
        "title": "Run charts: the basics",
        "held_on": event.held_on.isoformat(),
        "hours": "3",
        "run_by": "QI team",
        "version": 1,
    }
    assert client.post(url, form).status_code == 302
    event.refresh_from_db()
    assert (event.title, str(event.hours), event.version) == ("Run charts: the basics", "3.00", 2)
    stale = client.post(url, {**form, "title": "Old page"}).content.decode()
    assert "Someone else changed this learning event" in stale
    bad = client.post(url, {**form, "version": 2, "hours": "0"}).content.decode()
    assert "There is a problem" in bad
    event.refresh_from_db()
    assert event.title == "Run charts: the basics"
    assert client_for(trio.partner).get(url).status_code == 403


def test_home_page_says_when_an_opportunity_waits_for_an_answer(trio, client_for):
    opportunity = sample_opportunity(trio, title="Co-chair the patient safety group", offered_to=[trio.partner])
    client = client_for(trio.partner)
    assert "A chance to develop: Co-chair the patient safety group" in client.get("/o/riverside-test/").content.decode()
    assert "A chance to develop" not in client_for(trio.member).get("/o/riverside-test/").content.decode()
    client.post(f"{BASE}opportunities/{opportunity.pk}/answer/", {"status": "declined"})
    assert "A chance to develop" not in client.get("/o/riverside-test/").content.decode()

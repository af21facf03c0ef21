"""Editing evidence (feedback themes, Always Events candidates, touchpoints) and decisions: versioned, audited,
a stale form refused with the latest shown, redaction on the way in, dissent untouched, editors only."""

from datetime import date, timedelta

import pytest

from coqi.core.models import AuditEvent
from coqi.projects.models import AlwaysEventCandidate, Decision, FeedbackTheme, Touchpoint
from coqi.projects.services import decisions as services
from tests.factories import MembershipFactory, UserFactory
from tests.projects.samples import sample_ids, sample_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(trio):
    ids = sample_ids(trio)
    return ids, f"/o/{trio.organisation.slug}/projects/{ids['project_id']}/"


def test_what_matters_offers_a_change_link_for_each_piece_of_evidence(trio, client_for, made):
    ids, base = made
    page = client_for(trio.member).get(base + "what-matters/").content.decode()
    for path in [
        f"themes/{ids['theme_id']}/edit/",
        f"always-events/{ids['candidate_id']}/edit/",
        f"touchpoints/{ids['touchpoint_id']}/edit/",
    ]:
        assert base + "what-matters/" + path in page


def test_change_a_feedback_theme_and_an_always_event(trio, client_for, made):
    ids, base = made
    client = client_for(trio.member)
    url = base + f"what-matters/themes/{ids['theme_id']}/edit/"
    assert 'value="Waiting"' in client.get(url).content.decode()
    assert (
        client.post(url, {"name": "Waiting for discharge", "source_note": "FFT ward 7", "version": 1}).status_code
        == 302
    )
    theme = FeedbackTheme.objects.get(pk=ids["theme_id"])
    assert (theme.name, theme.source_note, theme.version) == ("Waiting for discharge", "FFT ward 7", 2)

    url = base + f"what-matters/always-events/{ids['candidate_id']}/edit/"
    form = client.get(url).content.decode()
    assert form.count(" checked") == 3  # three of the four criteria were met when it was added
    response = client.post(
        url,
        {
            "statement": "We always say our name",
            "version": 1,
            "criteria": ["important_to_patients", "evidence_based", "measurable", "affordable_and_sustainable"],
        },
    )
    assert response.status_code == 302
    assert AlwaysEventCandidate.objects.get(pk=ids["candidate_id"]).meets_all_criteria
    assert AuditEvent.objects.filter(action__in=["feedback_theme.changed", "always_event.changed"]).count() == 2
    event = AuditEvent.objects.get(action="feedback_theme.changed")
    assert event.changes["name"] == ["Waiting", "Waiting for discharge"]


def test_touchpoint_edit_redacts_and_refuses_a_stale_form(trio, client_for, made):
    ids, base = made
    client = client_for(trio.member)
    url = base + f"what-matters/touchpoints/{ids['touchpoint_id']}/edit/"
    fields = {
        "journey_point": "Arriving on the ward",
        "position": 2,
        "emotion": "upset",
        "what_happened": "Nobody said hello. Call me on 07700 900123.",
    }
    assert client.post(url, {**fields, "version": 1}).status_code == 302
    touchpoint = Touchpoint.objects.get(pk=ids["touchpoint_id"])
    assert (touchpoint.journey_point, touchpoint.position, touchpoint.emotion, touchpoint.version) == (
        "Arriving on the ward",
        2,
        "upset",
        2,
    )
    assert "07700 900123" not in touchpoint.what_happened and "Nobody said hello" in touchpoint.what_happened

    stale = client.post(url, {**fields, "journey_point": "Old idea", "version": 1})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Someone else changed this touchpoint while you were editing it" in page
    assert 'value="Arriving on the ward"' in page and 'name="version" value="2"' in page
    bad = client.post(url, {**fields, "position": 0, "version": 2}).content.decode()
    assert "Enter 1 or more" in bad
    assert Touchpoint.objects.get(pk=ids["touchpoint_id"]).journey_point == "Arriving on the ward"


def test_change_a_decision_keeps_dissent_in_their_words(trio, client_for, made):
    ids, base = made
    decision = Decision.objects.get(pk=ids["decision_id"])
    services.add_dissent(actor=trio.partner, decision=decision, name="Pat", in_their_words="We rushed this.")
    client = client_for(trio.member)
    url = base + f"decisions/{decision.pk}/edit/"
    assert url in client.get(base + f"decisions/{decision.pk}/").content.decode()
    form = client.get(url).content.decode()
    assert "Which question first?" in form and "dissent_words" not in form
    member_ids = [m.pk for m in decision.project.members.all()]
    response = client.post(
        url,
        {
            "question": "Which question do we start with?",
            "options": "Waiting\nDelays",
            "method": "vote",
            "rung": "co_production",
            "decided_on": (date.today() - timedelta(days=1)).isoformat(),
            "present": member_ids,
            "others_present": "1 ward sister",
            "outcome": "Waiting first",
            "version": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision.refresh_from_db()
    assert (decision.question, decision.method, decision.others_present, decision.version) == (
        "Which question do we start with?",
        "vote",
        "1 ward sister",
        2,
    )
    assert [d.in_their_words for d in decision.dissents.all()] == ["We rushed this."]
    assert AuditEvent.objects.filter(action="decision.changed", target_id=str(decision.pk)).count() == 1
    future = client.post(
        url,
        {
            "question": "x",
            "options": "a",
            "method": "vote",
            "rung": "co_production",
            "decided_on": (date.today() + timedelta(days=3)).isoformat(),
            "outcome": "y",
            "version": 2,
        },
    ).content.decode()
    assert "cannot be in the future" in future
    stale = client.post(
        url,
        {
            "question": "Stale",
            "options": "a",
            "method": "vote",
            "rung": "co_production",
            "decided_on": date.today().isoformat(),
            "outcome": "y",
            "version": 1,
        },
    ).content.decode()
    assert "Someone else changed this decision" in stale
    decision.refresh_from_db()
    assert decision.question == "Which question do we start with?"
    assert decision.present.count() == len(member_ids)


def test_outsiders_and_non_editors_cannot_edit(trio, client_for, made):
    ids, base = made
    urls = [
        base + f"what-matters/themes/{ids['theme_id']}/edit/",
        base + f"what-matters/always-events/{ids['candidate_id']}/edit/",
        base + f"what-matters/touchpoints/{ids['touchpoint_id']}/edit/",
        base + f"decisions/{ids['decision_id']}/edit/",
    ]
    outsider = client_for(trio.outsider)
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    partner_off_team = UserFactory()
    MembershipFactory(organisation=trio.organisation, user=partner_off_team, role="lived_experience_partner")
    for url in urls:
        assert client_for(partner_off_team).get(url).status_code == 403, url
    other_project = sample_project(trio)["project"]
    foreign = f"/o/{trio.organisation.slug}/projects/{other_project.pk}/what-matters/themes/{ids['theme_id']}/edit/"
    assert client_for(trio.member).get(foreign).status_code == 404  # another project's theme id

"""Profiles: kept by the person and their facilitator, audited, consent agreed and withdrawn, private to the org."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coqi.core.models import AuditEvent
from coqi.core.roles import Role
from coqi.partners import services
from coqi.partners.selectors import profiles as selectors
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_save_profile_creates_then_updates_with_audit(trio):
    profile = services.save_profile(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        skills="Listening",
        access_needs="Large print",
    )
    assert (profile.skills, profile.version, profile.declines_payment) == ("Listening", 1, False)
    profile = services.save_profile(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        skills="Listening",
        declines_payment=True,
    )
    assert (profile.version, profile.declines_payment, profile.access_needs) == (2, True, "")
    events = AuditEvent.objects.filter(action="profile.saved").order_by("id")
    assert events.count() == 2
    assert events.last().changes["declines_payment"] == [False, True]
    assert "Large print" not in str(events.last().changes)  # personal detail is not copied into the audit trail
    assert selectors.declines_payment(organisation=trio.organisation, person=trio.partner)


def test_profile_refuses_outsiders_and_overlong_text(trio):
    with pytest.raises(ValidationError):
        services.save_profile(actor=trio.owner, organisation=trio.organisation, person=trio.outsider)
    with pytest.raises(ValidationError) as error:
        services.save_profile(
            actor=trio.partner, organisation=trio.organisation, person=trio.partner, skills="x" * 2001
        )
    assert "skills" in error.value.message_dict
    assert not trio.organisation.partner_profiles.exists()


def test_consent_agreed_and_withdrawn(trio):
    consent = services.record_consent(
        actor=trio.owner,
        organisation=trio.organisation,
        person=trio.partner,
        what="My story used in training",
        agreed_on=date.today() - timedelta(days=5),
    )
    assert consent.is_current
    with pytest.raises(ValidationError):
        services.withdraw_consent(actor=trio.partner, consent=consent, withdrawn_on=date.today() - timedelta(days=9))
    services.withdraw_consent(actor=trio.partner, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on == date.today() and not consent.is_current
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.withdraw_consent(actor=trio.partner, consent=consent)
    with pytest.raises(ValidationError):
        services.record_consent(
            actor=trio.owner,
            organisation=trio.organisation,
            person=trio.partner,
            what="",
            agreed_on=date.today() + timedelta(days=1),
        )
    assert AuditEvent.objects.filter(action__startswith="consent.").count() == 2


def test_profiles_are_per_organisation(trio):
    MembershipFactory(organisation=trio.other_organisation, user=trio.partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    services.save_profile(actor=trio.partner, organisation=trio.organisation, person=trio.partner, skills="Here")
    elsewhere = selectors.profile_for(organisation=trio.other_organisation, person=trio.partner)
    assert elsewhere.pk is None and elsewhere.skills == ""


def test_my_profile_page(trio, client_for):
    client = client_for(trio.partner)
    url = f"/o/{trio.organisation.slug}/partners/profile/"
    assert "Your profile" in client.get(url).content.decode()
    response = client.post(url, {"skills": "Drawing", "declines_payment": "on"}, follow=True)
    assert "Profile saved" in response.content.decode()
    assert selectors.profile_for(organisation=trio.organisation, person=trio.partner).declines_payment


def test_facilitator_keeps_a_partners_profile_others_cannot(trio, client_for):
    facilitator = UserFactory(email="fay@example.com", display_name="Fay")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    url = f"/o/{trio.organisation.slug}/partners/profiles/{trio.partner.pk}/"
    client = client_for(facilitator)
    assert "Pat Partner" in client.get(url).content.decode()
    client.post(url, {"networks": "Carers' group"})
    assert selectors.profile_for(organisation=trio.organisation, person=trio.partner).networks == "Carers' group"
    assert client_for(trio.member).get(url).status_code == 403
    outsiders = f"/o/{trio.organisation.slug}/partners/profiles/{trio.outsider.pk}/"
    assert client_for(facilitator).get(outsiders).status_code == 404

"""Erasing a partner leaves no trace (ADR 0040): after a partner who took part in everything, and has a row in
every model that refers to a person, is erased, no text column of any model holds their name, their e-mail
address or any words written by them or about them; each leftover is named as model.field."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import models

from coqi.core.erasure import REMOVED
from coqi.core.models import AuditEvent
from coqi.partners import services as partner_services
from coqi.partners.models import ConsentRecord
from coqi.rights import services
from coqi.rights.discovery import models_referring_to_people
from tests.factories import OrganisationFactory, UserFactory
from tests.rights.makers import EMAIL, NAME, a_person_with_everything, make_row

pytestmark = pytest.mark.django_db

CONSENT = "Agreed to be filmed at the Fenwick Lane allotment"
# Words only this person wrote, or staff wrote about them, in a_person_with_everything and here.
FREE_TEXT = ("carer for my mother", "Step-free access", "Bus fare for", "think B matters more", CONSENT)


def _leftovers(needles) -> list[str]:
    found = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values("pk", *fields):
            for name in fields:
                text = json.dumps(row[name], default=str, ensure_ascii=False).lower()
                for needle in needles:
                    if needle.lower() in text:
                        found.append(f"{model._meta.label}.{name} (#{row['pk']}) holds {needle!r}")
    return found


def test_erasing_a_partner_leaves_no_name_address_or_words_in_any_text_column(trio):
    person, _ = a_person_with_everything(trio)
    consent = partner_services.record_consent(
        actor=trio.owner,
        organisation=trio.organisation,
        person=person,
        what=CONSENT,
        agreed_on=date.today() - timedelta(days=5),
    )
    partner_services.withdraw_consent(actor=trio.owner, consent=consent)
    bystander = UserFactory()
    for model in models_referring_to_people():  # an organisation each, so no two rows meet a unique constraint
        make_row(model, person=person, organisation=OrganisationFactory(), bystander=bystander)
    needles = (NAME, EMAIL, *FREE_TEXT)
    # The search must see what is there before erasure, or an empty result proves nothing.
    before = {line.split(" ")[0] for line in _leftovers(needles)}
    assert {"partners.ConsentRecord.what", "core.AuditEvent.target_label"} <= before

    services.erase_person(actor=trio.owner, user=person)

    leftovers = _leftovers(needles)
    assert not leftovers, "still there after erasure:\n" + "\n".join(leftovers)
    consent.refresh_from_db()
    assert consent.what == REMOVED and consent.withdrawn_on is not None  # the evidence of when stays
    events = AuditEvent.objects.filter(target_type="partners.consentrecord", target_id=str(consent.pk))
    assert sorted(events.values_list("action", flat=True)) == ["consent.recorded", "consent.withdrawn"]
    assert set(events.values_list("target_label", flat=True)) == {REMOVED}


def test_a_consent_of_someone_else_is_left_as_it_was(trio):
    person, _ = a_person_with_everything(trio)
    kept = partner_services.record_consent(
        actor=trio.owner, organisation=trio.organisation, person=trio.partner, what=CONSENT, agreed_on=date.today()
    )
    services.erase_person(actor=trio.owner, user=person)
    assert ConsentRecord.objects.get(pk=kept.pk).what == CONSENT
    assert AuditEvent.objects.get(action="consent.recorded").target_label == CONSENT


def test_a_profile_event_loses_even_a_name_too_short_to_search_for(trio):
    from coqi.core.roles import Role
    from coqi.partners.models import PartnerProfile
    from tests.factories import MembershipFactory

    # Core scrubs names of four letters or more from the audit trail (shorter ones would blank other words);
    # a profile's label is rebuilt whole instead, so a two-letter name goes too.
    person = UserFactory(email="al@example.org", display_name="Al")
    MembershipFactory(organisation=trio.organisation, user=person, role=Role.LIVED_EXPERIENCE_PARTNER)
    partner_services.save_profile(actor=person, organisation=trio.organisation, person=person, skills="Drawing")
    profile = PartnerProfile.objects.get(person=person)
    assert AuditEvent.objects.get(target_id=str(profile.pk), action="profile.saved").target_label.startswith(
        "Profile of Al at"
    )
    services.erase_person(actor=trio.owner, user=person)
    event = AuditEvent.objects.get(target_id=str(profile.pk), action="profile.saved")
    assert event.target_label == f"Profile of Erased person at {trio.organisation}"

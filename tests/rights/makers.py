"""Rows for the rights tests.

`a_person_with_everything` builds a partner's footprint through the services, as they would really arise, planting
their name in what they write. `make_row` builds one row of ANY model linked to a person, from the model's fields
alone, so models added by any area later are tested without anyone listing them here.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from coqi.core.concurrency import UNCHECKED
from coqi.core.models import Organisation, System

NAME = "Zephyrine Quorndon"
EMAIL = "zephyrine.quorndon@example.org"


def _value(field):
    unique = uuid.uuid4().hex[:12]
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"sample-{unique}@example.net"
    if isinstance(field, models.URLField):
        return "https://example.net/"
    if isinstance(field, (models.SlugField,)):
        return f"sample-{unique}"
    if isinstance(field, (models.CharField, models.TextField)):
        text = f"sample {unique}" if field.unique else "sample text"
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.IntegerField):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date.today() - timedelta(days=1)
    if isinstance(field, models.DurationField):
        return timedelta(hours=1)
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b""
    if isinstance(field, models.FileField):
        return "sample.txt"
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    raise TypeError(f"tests/rights/makers.py cannot make a value for {field.model._meta.label}.{field.name}")


def make_row(model, *, person, organisation, bystander):
    """One saved row of `model`: every link to a person points at `person`; the rows it needs (its project,
    activity…) are made too, linked to `bystander`, so a change in an export comes from this row alone."""
    user_model = get_user_model()
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or (field.auto_created and not field.is_relation):
            continue
        if field.is_relation:
            target = field.related_model
            if target is user_model:
                values[field.name] = person
            elif target is Organisation:
                values[field.name] = organisation
            elif target is System:
                values[field.name] = organisation.system
            elif not field.null:
                values[field.name] = make_row(target, person=bystander, organisation=organisation, bystander=bystander)
            continue
        if (
            field.null
            or field.has_default()
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        values[field.name] = _value(field)
    row = model(**values)
    row.save()
    for field in model._meta.many_to_many:
        if field.related_model is user_model:
            getattr(row, field.name).add(person)
    return row


def a_person_with_everything(trio):
    """A lived-experience partner of trio.organisation who took part in everything, through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coqi.assessment.models.commitments import Level, Status
    from coqi.assessment.services import commitments as commitment_services
    from coqi.assessment.services import rounds as assessment_services
    from coqi.core.roles import Experience as AssessmentExperience
    from coqi.core.roles import Role
    from coqi.partners import services as partner_services
    from coqi.payments import services as payment_services
    from coqi.payments.models import ExpenseCategory, PaymentLine
    from coqi.projects.choices import ActivityKind, DecisionMethod, ReflectionPrompt, Rung, TeamRole
    from coqi.projects.services import activities as activity_services
    from coqi.projects.services import decisions as decision_services
    from coqi.projects.services import projects as project_services
    from coqi.projects.services import team as team_services
    from tests.assessment.samples import all_ratings
    from tests.factories import MembershipFactory, UserFactory
    from tests.payments.helpers import PDF, facilitator_of, rate_card

    person = UserFactory(email=EMAIL, display_name=NAME)
    MembershipFactory(organisation=trio.organisation, user=person, role=Role.LIVED_EXPERIENCE_PARTNER)
    facilitator = facilitator_of(trio.organisation)
    org = trio.organisation
    partner_services.save_profile(
        actor=person,
        organisation=org,
        person=person,
        lived_experience=f"{NAME}: carer for my mother",
        skills="Writing",
        access_needs="Step-free access",
        availability="Afternoons",
    )
    rate_card(trio)
    project = project_services.create_project(actor=trio.member, organisation=org, title="Discharge letters")
    member = team_services.add_team_member(
        actor=trio.member,
        project=project,
        person=person,
        role=TeamRole.CARER,
        role_description=f"{NAME} brings a carer's view",
        joined_on=date.today() - timedelta(days=30),
    )
    activity = activity_services.record_activity(
        actor=trio.member,
        organisation=org,
        project=project,
        kind=ActivityKind.EVENT,
        title="Workshop",
        held_on=date.today() - timedelta(days=3),
        hours="2.5",
        rung=Rung.CO_DESIGN,
        attendees=[person],
    )
    line = PaymentLine.objects.get(person=person)
    payment_services.approve_claim(actor=facilitator, claim=line)
    payment_services.mark_paid(actor=trio.owner, claim=line)
    payment_services.submit_expense_claim(
        actor=person,
        organisation=org,
        person=person,
        activity=activity,
        category=ExpenseCategory.TRAVEL,
        amount="6.40",
        incurred_on=activity.held_on,
        description=f"Bus fare for {NAME}",
        receipt=SimpleUploadedFile("ticket.pdf", PDF, content_type="application/pdf"),
    )
    decision = decision_services.log_decision(
        actor=trio.member,
        project=project,
        question="Which letter first?",
        options="A or B",
        method=DecisionMethod.CONSENSUS,
        rung=Rung.CO_DESIGN,
        decided_on=date.today() - timedelta(days=2),
        outcome="A",
    )
    decision_services.add_dissent(actor=person, decision=decision, in_their_words=f"I, {NAME}, think B matters more")
    decision_services.add_reflection(
        actor=person, project=project, prompt=ReflectionPrompt.UNCOMFORTABLE, text=f"{NAME} learnt that letters matter"
    )
    round_ = assessment_services.open_round(actor=trio.owner, organisation=org, title="Spring")
    first = next(iter(all_ratings(3)))
    assessment_services.save_response(
        actor=person,
        round=round_,
        experience=AssessmentExperience.LIVED,
        ratings=all_ratings(3),
        comments={first: f"{NAME} says so"},
        submit=True,
    )
    commitment = commitment_services.make_commitment(
        actor=person,
        organisation=org,
        level=Level.INDIVIDUAL,
        owner=person,
        text="Bring a carer's view to every meeting",
        review_on=date.today() + timedelta(days=30),
    )
    commitment_services.check_in(
        actor=person,
        commitment=commitment,
        note=f"{NAME} went to two meetings",
        status=Status.values[1],
        expected_version=UNCHECKED,
    )
    return person, {"project": project, "activity": activity, "member": member, "facilitator": facilitator}

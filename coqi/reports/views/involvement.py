"""A person's "My involvement" page: what is coming up, their projects, claims, learning, chances to develop and
what they have agreed to, gathered from several areas — so it lives here, above them all, and partners' own pages
import neither payments nor learning (ADR 0014, ADR 0029)."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone

from coqi.core.access import organisation_rule
from coqi.learning import selectors as learning_selectors
from coqi.partners.selectors import profiles as partner_selectors
from coqi.payments import selectors as payment_selectors
from coqi.projects.selectors import projects as project_selectors


@organisation_rule("organisation.member")
def my_involvement(request, organisation):
    person = request.user
    claims = payment_selectors.my_claims(organisation=organisation, person=person)
    record = learning_selectors.learning_record(organisation=organisation, person=person)
    return render(
        request,
        "reports/involvement.jinja",
        {
            "organisation": organisation,
            "person": person,
            "projects": list(project_selectors.projects_of_person(organisation=organisation, person=person)),
            "upcoming": partner_selectors.upcoming_activities(organisation=organisation, person=person),
            "claims": sorted([*claims.lines, *claims.expenses], key=lambda c: c.submitted_at, reverse=True),
            "claimable": len(claims.claimable),
            "learning": record,
            "learning_hours": sum((a.event.hours for a in record), Decimal("0")),
            "opportunities": learning_selectors.opportunities_for_person(
                organisation=organisation, person=person, role=request.access.role
            ),
            "profile": partner_selectors.profile_for(organisation=organisation, person=person),
            "consents": partner_selectors.consents_of(organisation=organisation, person=person),
            "today": timezone.localdate(),
        },
    )

"""One "My involvement" across every organisation a person belongs to (issue 18): what is coming up, their claims,
payments this year, learning and consent, each line saying which organisation. Built from the same per-organisation
selectors as each organisation's own page, one organisation at a time, so nothing of one leaks into another."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.shortcuts import render
from django.utils import timezone

from coqi.core import selectors as core_selectors
from coqi.core.access import login_required_rule
from coqi.core.formatting import financial_year
from coqi.learning import selectors as learning_selectors
from coqi.partners.selectors import profiles as partner_selectors
from coqi.payments import selectors as payment_selectors


@dataclass
class Everywhere:
    organisations: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)  # (organisation, activity), soonest first
    claims: list = field(default_factory=list)  # (organisation, claim), latest first
    claimable: list = field(default_factory=list)  # (organisation, how many activities can be claimed for)
    this_year: list = field(default_factory=list)  # (organisation, Total) for this financial year
    learning: list = field(default_factory=list)  # (organisation, attendance), latest first
    consents: list = field(default_factory=list)  # (organisation, consent)


def gather(*, person, today: date) -> Everywhere:
    found = Everywhere()
    year = financial_year(today)
    for membership in core_selectors.memberships_for(user=person):
        organisation = membership.organisation
        found.organisations.append(organisation)
        found.upcoming += [
            (organisation, a) for a in partner_selectors.upcoming_activities(organisation=organisation, person=person)
        ]
        claims = payment_selectors.my_claims(organisation=organisation, person=person)
        found.claims += [(organisation, c) for c in [*claims.lines, *claims.expenses]]
        if claims.claimable:
            found.claimable.append((organisation, len(claims.claimable)))
        found.this_year += [(organisation, t) for t in claims.totals if t.year == year]
        found.learning += [
            (organisation, a) for a in learning_selectors.learning_record(organisation=organisation, person=person)
        ]
        found.consents += [
            (organisation, c) for c in partner_selectors.consents_of(organisation=organisation, person=person)
        ]
    found.upcoming.sort(key=lambda pair: (pair[1].held_on, pair[0].name))
    found.claims.sort(key=lambda pair: pair[1].submitted_at, reverse=True)
    found.learning.sort(key=lambda pair: pair[1].event.held_on, reverse=True)
    return found


@login_required_rule
def my_involvement_everywhere(request):
    today = timezone.localdate()
    return render(
        request,
        "reports/everywhere.jinja",
        {"found": gather(person=request.user, today=today), "today": today, "year": financial_year(today)},
    )

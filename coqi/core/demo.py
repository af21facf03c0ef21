"""A realistic, invented demo: one integrated care system, four organisations, people in every role.

Loaded once; running it again changes nothing. No real people or patient comments appear here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from coqi.core import services
from coqi.core.extensions import listed
from coqi.core.models import Organisation, System
from coqi.core.roles import Role

DEMO_PASSWORD = "co-produce-together"
SYSTEM_SLUG = "example-ics"

ORGANISATIONS = [
    ("riverside-hospitals", "Riverside University Hospitals NHS Trust", Organisation.Kind.ACUTE_TRUST),
    (
        "meadowbank-mental-health",
        "Meadowbank Mental Health NHS Foundation Trust",
        Organisation.Kind.MENTAL_HEALTH_TRUST,
    ),
    ("northgate-pcn", "Northgate Primary Care Network", Organisation.Kind.PRIMARY_CARE_NETWORK),
    ("voices-together", "Voices Together Community Group", Organisation.Kind.COMMUNITY_GROUP),
]

R, M, N, V = (slug for slug, _, _ in ORGANISATIONS)

# email, display name, [(organisation slug, role)], system viewer?
PEOPLE = [
    ("admin@example.com", "Alex Morgan", [(R, Role.ORGANISATION_ADMIN)], False),
    ("staff@example.com", "Priya Shah", [(R, Role.STAFF)], False),
    ("facilitator@example.com", "Jordan Ellis", [(R, Role.FACILITATOR), (M, Role.FACILITATOR)], False),
    (
        "partner@example.com",
        "Sam Taylor",
        [(R, Role.LIVED_EXPERIENCE_PARTNER), (V, Role.LIVED_EXPERIENCE_PARTNER)],
        False,
    ),
    (
        "carer@example.com",
        "Ruth Okafor",
        [(M, Role.LIVED_EXPERIENCE_PARTNER), (N, Role.LIVED_EXPERIENCE_PARTNER)],
        False,
    ),
    ("community@example.com", "Dev Mistry", [(V, Role.ORGANISATION_ADMIN), (N, Role.LIVED_EXPERIENCE_PARTNER)], False),
    ("mh-admin@example.com", "Morgan Hughes", [(M, Role.ORGANISATION_ADMIN)], False),
    ("mh-staff@example.com", "Lena Novak", [(M, Role.STAFF)], False),
    ("pcn-admin@example.com", "Tom Bright", [(N, Role.ORGANISATION_ADMIN)], False),
    ("viewer@example.com", "Chris Lee", [], True),
]


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str]]  # email, name, what they are


def _describe(memberships, viewer: bool) -> str:
    parts = [f"{role.label} at {dict((s, n) for s, n, _ in ORGANISATIONS)[slug]}" for slug, role in memberships]
    if viewer:
        parts.append("System viewer of Example ICS")
    return "; ".join(parts)


def _logins() -> list[tuple[str, str, str]]:
    seen: dict[str, list] = {}
    for email, name, memberships, viewer in PEOPLE:
        if email in seen:
            continue
        seen[email] = [email, name, _describe(_first_role_per_org(memberships), viewer)]
    return [tuple(row) for row in seen.values()]


def _first_role_per_org(memberships):
    result, seen = [], set()
    for slug, role in memberships:
        if slug not in seen:
            seen.add(slug)
            result.append((slug, role))
    return result


def load_demo() -> DemoResult:
    """The organisations and people once, then each area's demo content in the order DEMO_LOADERS lists it.

    Every loader runs on every `coqi demo`, after the organisations and people exist, so each is idempotent."""
    created = _load_organisations_and_people()
    for loader in listed("DEMO_LOADERS"):
        with transaction.atomic():
            loader()
    return DemoResult(created=created, logins=_logins())


@transaction.atomic
def _load_organisations_and_people() -> bool:
    if System.objects.filter(slug=SYSTEM_SLUG).exists():
        return False
    User = get_user_model()
    system = services.create_system(actor=None, name="Example ICS", slug=SYSTEM_SLUG)
    organisations = {
        slug: services.create_organisation(actor=None, system=system, name=name, kind=kind, slug=slug)
        for slug, name, kind in ORGANISATIONS
    }
    for email, name, memberships, viewer in PEOPLE:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=name
        )
        for slug, role in _first_role_per_org(memberships):
            services.add_member(actor=None, organisation=organisations[slug], user=user, role=role)
        if viewer:
            services.grant_system_viewer(actor=None, system=system, user=user)
    # A little history so the audit trail and people pages are not empty.
    admin = User.objects.get(email="admin@example.com")
    services.invite_person(
        actor=admin,
        organisation=organisations[R],
        email="new.partner@example.com",
        role=Role.LIVED_EXPERIENCE_PARTNER,
        notify=False,
    )
    return True

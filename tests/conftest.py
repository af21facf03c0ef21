"""Fixtures for the site's tests. The owner / member / outsider trio is how every area tests access."""

from dataclasses import dataclass

import pytest

# Every API answer any test receives is held against the OpenAPI document: its status documented for that
# operation, its body in the documented shape (tests/api/openapi_responses.py).
pytest_plugins = ["tests.api.openapi_responses"]

TRIO_PASSWORD = "a-long-test-password"


@dataclass
class Trio:
    organisation: object
    other_organisation: object
    owner: object  # organisation admin of `organisation`
    member: object  # staff member of `organisation`
    partner: object  # lived-experience partner of `organisation`
    outsider: object  # admin of `other_organisation`, nothing in `organisation`


@pytest.fixture
def trio(db):
    from coqi.core.roles import Role
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    organisation = OrganisationFactory(name="Riverside Test Trust", slug="riverside-test")
    other = OrganisationFactory(name="Elsewhere Test Trust", slug="elsewhere-test")
    owner = UserFactory(email="owner@example.com", display_name="Olive Owner")
    member = UserFactory(email="member@example.com", display_name="Mo Member")
    partner = UserFactory(email="partner@example.com", display_name="Pat Partner")
    outsider = UserFactory(email="outsider@example.com", display_name="Oscar Outsider")
    MembershipFactory(organisation=organisation, user=owner, role=Role.ORGANISATION_ADMIN)
    MembershipFactory(organisation=organisation, user=member, role=Role.STAFF)
    MembershipFactory(organisation=organisation, user=partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    MembershipFactory(organisation=other, user=outsider, role=Role.ORGANISATION_ADMIN)
    return Trio(organisation, other, owner, member, partner, outsider)


@pytest.fixture
def client_for(client):
    """`client_for(user)` → a test client signed in as that person."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def bearer(db):
    """`bearer(user)` → request headers carrying a fresh personal access token of that person, for the API."""
    from coqi.accounts import services as account_services

    def make(user):
        _, secret = account_services.create_access_token(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make

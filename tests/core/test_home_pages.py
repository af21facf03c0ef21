import pytest
from django.urls import reverse

from coqi.core.navigation import NextStep, next_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who, expected",
    [
        ("owner", "You are an organisation admin"),
        ("member", "You are a member of staff"),
        ("partner", "You are a lived experience partner"),
    ],
)
def test_each_role_lands_on_its_home_page(trio, client_for, who, expected):
    client = client_for(getattr(trio, who))
    response = client.get("/home/", follow=True)
    assert response.redirect_chain[-1][0] == f"/o/{trio.organisation.slug}/"
    assert expected in response.content.decode()


def test_admin_home_lists_next_steps(trio, client_for):
    html = client_for(trio.owner).get(f"/o/{trio.organisation.slug}/").content.decode()
    assert "Invite people" in html and "See the audit trail" in html


@next_step(rule="organisation.member", audience=["lived_experience_partner"])
def claim_a_payment(access):
    return NextStep("Claim a payment", "For your time and travel.", reverse("accounts:account"))


def test_later_areas_add_next_steps_through_the_list(trio, client_for, settings):
    settings.HOME_NEXT_STEPS = ["tests.core.test_home_pages.claim_a_payment", *settings.HOME_NEXT_STEPS]
    html = client_for(trio.partner).get(f"/o/{trio.organisation.slug}/").content.decode()
    assert "Claim a payment" in html
    assert html.index("Claim a payment") < html.index("What is coming up, your projects")  # in the list's order
    assert "Claim a payment" not in client_for(trio.member).get(f"/o/{trio.organisation.slug}/").content.decode()


def test_landing_page_describes_the_product(client):
    html = client.get("/").content.decode()
    assert "Improve care together" in html and "Sign in" in html


def test_demo_loads_once(db):
    from coqi.core.demo import load_demo
    from coqi.core.models import Membership, Organisation

    first = load_demo()
    counts = (Organisation.objects.count(), Membership.objects.count())
    second = load_demo()
    assert first.created and not second.created
    assert (Organisation.objects.count(), Membership.objects.count()) == counts == (4, counts[1])
    assert Membership.objects.filter(user__email="partner@example.com").count() == 2


def test_a_stale_form_gets_a_clear_page_not_a_crash(trio):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in/", {"email": "member@example.com", "password": "x"})
    assert response.status_code == 403 and "could not be sent" in response.content.decode()


demo_calls = []


def area_demo():
    from coqi.core import demo

    demo_calls.append(demo.System.objects.filter(slug=demo.SYSTEM_SLUG).exists())


def test_areas_add_demo_content_through_the_list(db, settings):
    from coqi.core import demo

    settings.DEMO_LOADERS = ["tests.core.test_home_pages.area_demo"]
    demo_calls.clear()
    demo.load_demo()
    demo.load_demo()
    assert demo_calls == [True, True]  # after the organisations exist, on every run

"""/account/data/: any signed-in person downloads their own data, and only their own."""

from __future__ import annotations

import json

import pytest

from coqi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/account/data/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert client.post("/account/data/download/").status_code == 302


def test_download_my_data_is_my_own_json(trio, client_for):
    client = client_for(trio.partner)
    page = client.get("/account/data/")
    assert page.status_code == 200 and b"Download my data" in page.content
    response = client.post("/account/data/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["person"]["email"] == trio.partner.email
    assert trio.owner.email not in response.content.decode()
    assert AuditEvent.objects.filter(action="person.exported", actor=trio.partner).count() == 1


def test_download_needs_post(trio, client_for):
    assert client_for(trio.owner).get("/account/data/download/").status_code == 405

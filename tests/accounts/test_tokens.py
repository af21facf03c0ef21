import hashlib
import re

import pytest

from coqi.accounts.models import PersonalAccessToken

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_stored_hashed_and_revocable(trio, client_for):
    client = client_for(trio.member)
    response = client.post("/account/tokens/new/", {"name": "Reporting"})
    secret = re.search(r'id="token-secret">(coqi_[^<]+)<', response.content.decode()).group(1)
    token = PersonalAccessToken.objects.get()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get("/account/").content.decode()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_someone_else_cannot_revoke_my_token(trio, client_for):
    from coqi.accounts import services

    token, _ = services.create_access_token(user=trio.member, name="Mine")
    response = client_for(trio.outsider).post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_name_is_required(trio, client_for):
    html = client_for(trio.member).post("/account/tokens/new/", {"name": ""}).content.decode()
    assert "Enter what the token is for" in html

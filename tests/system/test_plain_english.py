"""Plain English by rule (issue 18): the pages a partner reads about their own involvement score at least 60 on the
Flesch reading ease scale (textstat), read as the demo's partners see them. Each block (heading, paragraph, list
item, button) counts as its own sentence, as a reader meets it (tests/system/reading.py).

Not yet every page a partner may open: the self-assessment framework, the innovation library and the feedback
comments still score from 34 to 59 (issue 18's report lists them)."""

from __future__ import annotations

import pytest
import textstat
from django.contrib.auth import get_user_model

from coqi.core.demo import load_demo
from tests.system.reading import main_text

pytestmark = pytest.mark.django_db

TARGET = 60
PARTNER_PAGES = [
    "/me/involvement/",
    "/o/{org}/",
    "/o/{org}/involvement/",
    "/o/{org}/payments/mine/",
    "/o/{org}/partners/profile/",
    "/calendar/",
    "/account/data/",
]
PARTNERS = {"partner@example.com": "riverside-hospitals", "carer@example.com": "meadowbank-mental-health"}


def test_a_partners_own_pages_are_in_plain_english(client):
    load_demo()
    hard = []
    for email, org in PARTNERS.items():
        client.force_login(
            get_user_model().objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        for pattern in PARTNER_PAGES:
            path = pattern.format(org=org)
            response = client.get(path)
            assert response.status_code == 200, path
            text = main_text(response.content.decode())
            assert len(text.split()) >= 20, f"{path} has almost no words to read: {text!r}"
            score = textstat.flesch_reading_ease(text)
            if score < TARGET:
                hard.append(f"{email} {path}: {score:.0f}")
        client.logout()
    assert not hard, f"Harder to read than Flesch reading ease {TARGET}:\n" + "\n".join(hard)

"""The demo: open public pages with published, answered ideas and one waiting; loading again changes nothing."""

import pytest

from coqi.core.demo import load_demo
from coqi.core.models import Organisation
from coqi.ideas import selectors
from coqi.ideas.models import IdeaResponse, IdeaStatus

pytestmark = pytest.mark.django_db


def test_demo_ideas_load_once(client):
    load_demo()
    riverside = Organisation.objects.get(slug="riverside-hospitals")
    ideas = riverside.community_ideas
    assert ideas.filter(status=IdeaStatus.PUBLISHED).count() >= 5
    assert ideas.filter(status=IdeaStatus.WAITING).count() == 1
    times = selectors.response_times(organisation=riverside)
    assert times.answered >= 4 and times.median_days is not None
    counts = (ideas.count(), IdeaResponse.objects.count())
    load_demo()
    assert (ideas.count(), IdeaResponse.objects.count()) == counts
    page = client.get("/community/riverside-hospitals/")
    assert page.status_code == 200 and "We did this" in page.content.decode()
    assert client.get("/community/northgate-pcn/").status_code == 404  # not switched on

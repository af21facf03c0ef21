"""The demo projects: four stages, partners, a flagged first meeting, stories, votes and decisions; idempotent."""

import pytest

from coqi.core.demo import load_demo
from coqi.projects.demo_projects import PROJECTS
from coqi.projects.models import Project
from coqi.projects.selectors import activities as activity_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.selectors import voting as voting_selectors

pytestmark = pytest.mark.django_db


def test_demo_projects_are_realistic_and_load_once():
    load_demo()
    # Other areas' demos add projects of their own (an adopted innovation, partners' forums); these are ours.
    projects = {p.title: p for p in Project.objects.filter(title__in=[spec.title for spec in PROJECTS])}
    assert len(projects) == len(PROJECTS) == 4
    assert len({p.stage for p in projects.values()}) == 4
    flagged = [t for t, p in projects.items() if team_selectors.partnership_from_first_conversation(project=p).flagged]
    assert flagged == ["Discharge letters carers can act on"]
    for project in projects.values():
        assert project.members.filter(role__in=["lived_experience_partner", "carer", "community_member"]).exists()
        assert project.activities.count() >= 4 and project.stories.exists() and project.decisions.exists()
    falls = projects["Reducing falls on Ward 7"]
    assert activity_selectors.coproduction_profile(project=falls).activity_count >= 14
    results = voting_selectors.prioritisation_results(
        prioritisation=voting_selectors.latest_prioritisation(project=falls)
    )
    assert results.lived_voters and results.learnt_voters
    assert projects["Easier GP appointments for people with a learning disability"].what_changed
    counts = (Project.objects.count(), falls.activities.count())
    load_demo()
    assert (Project.objects.count(), falls.activities.count()) == counts


def test_demo_project_pages_render(client):
    from django.contrib.auth import get_user_model

    load_demo()
    client.force_login(
        get_user_model().objects.get(email="facilitator@example.com"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    for project in Project.objects.filter(organisation__memberships__user__email="facilitator@example.com"):
        base = f"/o/{project.organisation.slug}/projects/{project.pk}/"
        for part in [
            "",
            "team/",
            "activities/",
            "profile/",
            "what-matters/",
            "questions/",
            "decisions/",
            "reflections/",
            "celebrate/",
        ]:
            response = client.get(base + part)
            assert response.status_code == 200, base + part

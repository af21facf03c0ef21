"""Stories in experience of care: recorded with consent, redacted before storing, used by projects only with
consent (the same row, never a copy), withdrawable (deleted, so it leaves every project), and only within the
organisation. The one Story model is `coqi.projects.models.Story` (ADR 0034)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coqi.core.models import AuditEvent
from coqi.projects.models import ProjectStory, Story
from coqi.projects.services import stories as services
from tests.experience.samples import sample_story
from tests.projects.samples import sample_project

pytestmark = pytest.mark.django_db


def _url(trio, name, **kwargs):
    return reverse(f"experience:{name}", kwargs={"org_slug": trio.organisation.slug, **kwargs})


def test_a_story_is_redacted_before_it_is_stored(trio):
    story = sample_story(trio, text="Sister Jones held my hand. Ring my son on 07700 900123.")
    assert "Jones" not in story.text and "07700" not in story.text and story.redactions >= 2
    assert story.consent_uses == ["improvement", "reports"]
    event = AuditEvent.objects.filter(action="story.recorded").get()
    assert "Jones" not in str(event.changes) and "hand" not in str(event.changes)


def test_consent_must_be_recorded(trio):
    with pytest.raises(ValidationError) as caught:
        services.record_story(
            actor=trio.member,
            organisation=trio.organisation,
            title="",
            text="x",
            teller="dog",
            consent_given_by="",
            consent_uses=["gossip"],
            consent_given_on=date.today() + timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"title", "teller", "consent_given_by", "consent_uses", "consent_given_on"}
    assert Story.objects.count() == 0


def test_used_by_a_project_only_with_consent_and_once(trio):
    project = sample_project(trio)["project"]
    before = set(project.stories.values_list("pk", flat=True))
    story = sample_story(trio)
    link = services.use_story_in_project(actor=trio.member, story=story, project=project, can_edit=True)
    assert link.story_id == story.pk and Story.objects.filter(pk=story.pk).count() == 1
    assert set(project.stories.values_list("pk", flat=True)) == before | {story.pk}
    assert "Improvement projects" in story.consent_summary()
    with pytest.raises(ValidationError):
        services.use_story_in_project(actor=trio.member, story=story, project=project, can_edit=True)
    assert ProjectStory.objects.filter(story=story).count() == 1
    private = sample_story(trio, uses=["training"])
    with pytest.raises(ValidationError) as caught:
        services.use_story_in_project(actor=trio.member, story=private, project=project, can_edit=True)
    assert "did not agree" in caught.value.message_dict["project"][0]


def test_a_story_told_on_a_project_page_is_in_the_organisations_stories(trio, client_for):
    sample = sample_project(trio)
    project_story = sample["story"]
    listing = client_for(trio.member).get(_url(trio, "stories")).content.decode()
    assert project_story.title in listing
    page = client_for(trio.member).get(_url(trio, "story", experience_story_id=project_story.pk)).content.decode()
    assert sample["project"].title in page


def test_withdrawing_deletes_the_story_from_every_project(trio, client_for):
    project = sample_project(trio)["project"]
    other = sample_project(trio, title="Discharge together")["project"]
    story = sample_story(trio)
    for each in (project, other):
        services.use_story_in_project(actor=trio.member, story=story, project=each, can_edit=True)
    client = client_for(trio.member)
    confirm = client.get(_url(trio, "story-withdraw", experience_story_id=story.pk)).content.decode()
    assert project.title in confirm and other.title in confirm
    response = client.post(_url(trio, "story-withdraw", experience_story_id=story.pk), follow=True)
    assert "The story has been deleted. It has left 2 projects too." in response.content.decode()
    assert not Story.objects.filter(pk=story.pk).exists() and not ProjectStory.objects.filter(story_id=story.pk)
    event = AuditEvent.objects.filter(action="story.withdrawn").get()
    assert sorted(event.changes["projects"]) == sorted([project.title, other.title])


def test_withdrawing_on_a_project_page_removes_it_from_the_other_projects_too(trio, client_for):
    project = sample_project(trio)["project"]
    other = sample_project(trio, title="Discharge together")["project"]
    story = sample_story(trio)
    for each in (project, other):
        services.use_story_in_project(actor=trio.member, story=story, project=each, can_edit=True)
    kwargs = {"org_slug": trio.organisation.slug, "project_id": project.pk, "story_id": story.pk}
    client = client_for(trio.member)
    page = client.get(reverse("projects:story", kwargs=kwargs)).content.decode()
    assert f"it also leaves {other.title}" in page
    assert client.post(reverse("projects:story-withdraw", kwargs=kwargs)).status_code == 302
    assert not other.stories.filter(pk=story.pk).exists() and not Story.objects.filter(pk=story.pk).exists()


def test_record_a_story_on_the_page(trio, client_for):
    client = client_for(trio.member)
    assert client.get(_url(trio, "story-new")).status_code == 200
    bad = client.post(_url(trio, "story-new"), {"title": "A", "text": "Words"})
    assert bad.status_code == 400 and "Confirm that the storyteller gave consent" in bad.content.decode()
    response = client.post(
        _url(trio, "story-new"),
        {
            "title": "Night shift",
            "teller": "carer",
            "text": "Dr Patel phoned me at 3am to explain.",
            "consent_given_by": "the storyteller",
            "consent_uses": ["improvement", "public"],
            "consent_given_on": "2025-04-02",
            "consent_confirmed": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200 and "The story has been saved. 1 identifier removed." in page
    assert "Patel" not in page and "Public materials" in page
    story = Story.objects.get(title="Night shift")
    assert story.teller == "carer" and story.consent_uses == ["improvement", "public"]


def test_add_a_story_to_a_project_on_the_page(trio, client_for):
    project = sample_project(trio)["project"]
    story = sample_story(trio)
    client = client_for(trio.member)
    response = client.post(_url(trio, "story", experience_story_id=story.pk), {"project": project.pk})
    assert response.status_code == 302
    again = client.post(_url(trio, "story", experience_story_id=story.pk), {"project": project.pk})
    assert again.status_code == 400 and "already in" in again.content.decode()


def test_who_may_see_and_record_stories(trio, client_for, django_assert_max_num_queries):
    story = sample_story(trio)
    for _i in range(5):
        sample_story(trio)
    partner = client_for(trio.partner)
    with django_assert_max_num_queries(12):
        listing = partner.get(_url(trio, "stories"))
    assert listing.status_code == 200 and listing.content.decode().count('class="nhsuk-card"') == 6
    assert partner.get(_url(trio, "story", experience_story_id=story.pk)).status_code == 200
    assert partner.get(_url(trio, "story-new")).status_code == 403
    assert partner.post(_url(trio, "story-withdraw", experience_story_id=story.pk)).status_code == 403
    outsider = client_for(trio.outsider)
    assert outsider.get(_url(trio, "story", experience_story_id=story.pk)).status_code == 404
    elsewhere = reverse(
        "experience:story", kwargs={"org_slug": trio.other_organisation.slug, "experience_story_id": story.pk}
    )
    assert outsider.get(elsewhere).status_code == 404

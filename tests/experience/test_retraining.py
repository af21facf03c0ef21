"""Retraining from the site: an admin corrects comments, a model trains in the background on 4 in 5 of them, both
models are scored on the same held-out fifth, and the new one can be chosen only if it is at least as good."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coqi.experience import corrections, queueing, retraining, services
from coqi.experience.models import CommentTheme, OrganisationTextModel
from tests.experience.jobs import run_worker

pytestmark = pytest.mark.django_db
STAFF = "Staff manner & personal attributes"
WAIT = "Timeliness of care"
FOOD = "Food & drink provision & facilities"
KIND = ["kind", "caring", "lovely", "gentle", "friendly", "patient", "warm", "helpful"]
SLOW = ["waited hours", "slow to be seen", "long wait", "delayed again", "waited all day", "kept waiting"]
MEALS = ["cold food", "tasteless meals", "no vegetarian food", "soggy sandwiches"]


def _import(trio, n=90):
    lines = ["date,service,score,comment"]
    for i in range(n):
        kind = i % 3
        text = [
            f"The nurses were {KIND[i % 8]} to me on visit {i}",
            f"I {SLOW[i % 6]} in clinic {i}",
            f"We had {MEALS[i % 4]} on day {i}",
        ][kind]
        lines.append(f"2025-01-{1 + i % 28:02d},Ward 7,{[1, 4, 3][kind]},{text}")
    services.import_feedback(
        actor=trio.owner, organisation=trio.organisation, file_name="l.csv", content="\n".join(lines).encode()
    )
    return list(trio.organisation.feedback_comments.order_by("pk"))


def _label_all(trio, comments):
    for c in comments:
        theme, sentiment = (STAFF, 1) if "nurses" in c.text else (WAIT, 4) if "clinic" in c.text else (FOOD, 4)
        corrections.relabel_comment(
            actor=trio.owner, organisation=trio.organisation, comment=c, themes=[theme], sentiment=sentiment
        )


def test_relabelling_changes_the_comment_and_its_theme_rows(trio):
    comment = _import(trio, 3)[0]
    corrections.relabel_comment(
        actor=trio.owner, organisation=trio.organisation, comment=comment, themes=[FOOD, WAIT], sentiment=5
    )
    comment.refresh_from_db()
    assert comment.themes == [WAIT, FOOD]  # in the framework's order
    assert comment.sentiment == 5 and comment.labelled_at is not None and comment.labelled_by == trio.owner
    assert sorted(CommentTheme.objects.filter(comment=comment).values_list("name", flat=True)) == sorted([FOOD, WAIT])
    with pytest.raises(ValidationError):
        corrections.relabel_comment(
            actor=trio.owner, organisation=trio.organisation, comment=comment, themes=["Not a theme"], sentiment=2
        )
    with pytest.raises(ValidationError):
        corrections.relabel_comment(
            actor=trio.owner, organisation=trio.organisation, comment=comment, themes=[FOOD], sentiment=None
        )


def test_training_needs_enough_corrected_comments(trio):
    _label_all(trio, _import(trio, 10))
    with pytest.raises(ValidationError, match="at least 40"):
        queueing.queue_training(actor=trio.owner, organisation=trio.organisation)


def test_a_model_trains_in_the_background_and_is_scored_beside_the_shipped_one(trio):
    _label_all(trio, _import(trio))
    version = queueing.queue_training(actor=trio.owner, organisation=trio.organisation)
    assert version.status == "queued"
    assert run_worker() == 1
    version.refresh_from_db()
    assert version.status == "ready", version.error
    assert version.trained_rows + version.held_out_rows == 90 and version.held_out_rows >= retraining.MIN_HELD_OUT
    mine, shipped = version.scores["organisation"], version.scores["shipped"]
    assert set(mine) == set(shipped) == {"micro", "macro", "sentiment", "sentiment_rows"}
    # On this tidy invented data the organisation's model learns the three themes exactly.
    assert mine["micro"] == 1.0 and mine["micro"] >= shipped["micro"]
    assert version.at_least_as_good and version.model_file


def test_a_chosen_model_classifies_new_imports(trio):
    _label_all(trio, _import(trio))
    version = queueing.queue_training(actor=trio.owner, organisation=trio.organisation)
    run_worker()
    version.refresh_from_db()
    corrections.use_text_model(actor=trio.owner, organisation=trio.organisation, version=version)
    assert corrections.classifier_for(organisation=trio.organisation) is not corrections.classifier_for(
        organisation=trio.other_organisation
    )
    csv = "date,service,score,comment\n2025-03-01,Ward 7,3,We had cold food on day 500\n"
    services.import_feedback(actor=trio.owner, organisation=trio.organisation, file_name="n.csv", content=csv.encode())
    assert trio.organisation.feedback_comments.get(received_on="2025-03-01").themes == [FOOD]
    corrections.use_text_model(actor=trio.owner, organisation=trio.organisation, version=None)
    assert not OrganisationTextModel.objects.filter(in_use=True).exists()


def test_a_worse_model_cannot_be_chosen(trio):
    version = OrganisationTextModel.objects.create(
        organisation=trio.organisation,
        status="ready",
        model_file=b"x",
        scores={"organisation": {"micro": 0.7, "macro": 0.5}, "shipped": {"micro": 0.72, "macro": 0.4}},
    )
    with pytest.raises(ValidationError, match="not at least as good"):
        corrections.use_text_model(actor=trio.owner, organisation=trio.organisation, version=version)
    assert not OrganisationTextModel.objects.filter(in_use=True).exists()


def test_pages_for_the_admin_only(trio, client_for):
    _import(trio, 45)
    newest = trio.organisation.feedback_comments.order_by("-received_on", "-id").first()
    owner = client_for(trio.owner)
    label_url = reverse("experience:comment-label", kwargs={"org_slug": "riverside-test", "comment_id": newest.pk})
    model_url = reverse("experience:text-model", kwargs={"org_slug": "riverside-test"})
    assert owner.get(label_url).status_code == 200
    response = owner.post(label_url, {"themes": [FOOD], "sentiment": "4"})
    assert response.status_code == 302 and "/label/" in response["Location"]
    assert owner.post(label_url, {"themes": [], "sentiment": "4"}).status_code == 400
    page = owner.get(model_url).content.decode()
    assert "1 comment corrected; training needs at least 40." in page
    refused = owner.post(model_url, {"action": "train"})
    assert refused.status_code == 400 and "Correct at least 40 comments first" in refused.content.decode()
    member = client_for(trio.member)
    assert member.get(label_url).status_code == 403 and member.get(model_url).status_code == 403
    assert client_for(trio.outsider).get(model_url).status_code == 404

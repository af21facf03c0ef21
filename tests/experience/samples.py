"""A comment in trio.organisation, for the URL walk in tests/core/test_tenancy.py and for our tests."""

from __future__ import annotations

CSV = (
    "date,service,score,question,comment\n"
    "2025-01-05,Ward 7,1,What was good?,The nurses were kind and explained everything.\n"
    "2025-01-09,Ward 7,4,What could be better?,I waited five hours and nobody told me why.\n"
    "2025-02-03,Maternity,2,What was good?,Clean ward and lovely midwives.\n"
)


def sample_comment(trio):
    from coqi.experience import services

    services.import_feedback(
        actor=trio.owner, organisation=trio.organisation, file_name="sample.csv", content=CSV.encode()
    )
    return trio.organisation.feedback_comments.order_by("pk").first()


def sample_job(trio):
    from coqi.experience import queueing

    return queueing.queue_import(
        actor=trio.owner, organisation=trio.organisation, file_name="big.csv", content=CSV.encode()
    )


def sample_story(trio, *, uses=("improvement", "reports"), text="Sister Jones held my hand when I was scared."):
    from datetime import date

    from coqi.projects.services import stories

    return stories.record_story(
        actor=trio.member,
        organisation=trio.organisation,
        title="Being held",
        text=text,
        teller="patient",
        told_by="a woman in her seventies",
        service="Ward 7",
        consent_given_by="the storyteller",
        consent_uses=list(uses),
        consent_given_on=date(2025, 3, 1),
    )


def sample_ids(trio) -> dict[str, int]:
    return {
        "comment_id": sample_comment(trio).pk,
        "job_id": sample_job(trio).pk,
        "experience_story_id": sample_story(trio).pk,
    }

"""A published community idea in trio.organisation (with its public page open), for the URL walks
(tests/core/test_tenancy.py) and our tests."""

from __future__ import annotations

import time

from coqi.ideas import guard, services


def open_page(trio, *, is_open=True):
    return services.set_community_page(actor=trio.owner, organisation=trio.organisation, is_open=is_open)


def sample_idea(trio, *, what="Signs to outpatients are confusing.", publish=True, at=None):
    idea = services.raise_idea(organisation=trio.organisation, what=what, at=at)
    if publish:
        idea = services.moderate(actor=trio.owner, idea=idea, decision="publish")
    return idea


def human_stamp(seconds_ago=10) -> str:
    """The form's signed timestamp, as if drawn `seconds_ago` seconds ago (a person's pace)."""
    return guard.form_started_stamp(at=time.time() - seconds_ago)


def sample_ids(trio) -> dict[str, int]:
    open_page(trio)
    return {"idea_id": sample_idea(trio).pk}

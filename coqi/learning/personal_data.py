"""What the learning register holds about a person, for subject access and erasure (coqi/rights/contract.md).

Erasure detaches the person from their attendances and answers rather than deleting them: the organisation's
figures (attendances, events learnt together, opportunities taken up) are anonymised aggregates and stay true.
"""

from __future__ import annotations

import re

from coqi.learning.models import DevelopmentOpportunity, LearningAttendance, LearningEvent, OpportunityResponse

MODELS = [LearningEvent, LearningAttendance, DevelopmentOpportunity, OpportunityResponse]


def export(user) -> dict:
    attendances = LearningAttendance.objects.filter(person=user).select_related("event__organisation")
    responses = OpportunityResponse.objects.filter(person=user).select_related("opportunity__organisation")
    return {
        "learning_events_attended": [
            {
                "organisation": a.event.organisation.name,
                "title": a.event.title,
                "topic": a.event.get_topic_display(),
                "held_on": a.event.held_on.isoformat(),
                "hours": str(a.event.hours),
                "run_by": a.event.run_by,
                "recorded_as": a.get_experience_display(),
            }
            for a in attendances
        ],
        "development_opportunities": [
            {
                "organisation": r.opportunity.organisation.name,
                "title": r.opportunity.title,
                "status": r.get_status_display(),
                "updated_at": r.updated_at.isoformat(),
            }
            for r in responses
        ],
        "learning_events_recorded": list(LearningEvent.objects.filter(created_by=user).values_list("title", flat=True)),
        "development_opportunities_offered": list(
            DevelopmentOpportunity.objects.filter(created_by=user).values_list("title", flat=True)
        ),
    }


def erase(user) -> None:
    LearningAttendance.objects.filter(person=user).update(person=None)
    OpportunityResponse.objects.filter(person=user).update(person=None)
    LearningEvent.objects.filter(created_by=user).update(created_by=None)
    DevelopmentOpportunity.objects.filter(created_by=user).update(created_by=None)
    # "Who ran it" is free text and may name them: their name is replaced, the event stays.
    name = (user.display_name or "").strip()
    if name:
        for event in LearningEvent.objects.filter(run_by__icontains=name):
            event.run_by = re.sub(re.escape(name), "a former member", event.run_by, flags=re.IGNORECASE)
            event.save(update_fields=["run_by"])

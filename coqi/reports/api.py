"""Board report in the JSON API. Mounted under /api/v1/organisations; foreign ids are 404, bad input 422."""

from __future__ import annotations

from django.utils import timezone
from ninja import Query, Router, Status

from coqi.core import selectors as core_selectors
from coqi.core.access import api_rule
from coqi.core.api_schemas import errors
from coqi.core.permissions import allows
from coqi.reports import selectors
from coqi.reports.period import PeriodError, parse_period

router = Router(tags=["reports"])


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def figures(report) -> dict:
    """The report's figures as plain JSON: shares as fractions from 0 to 1, money in pence, hours as numbers."""
    mix = report.activity_mix
    concentration = report.concentration
    latest = report.assessment.latest
    placement = latest.placement if latest else None
    return {
        "organisation": report.organisation.slug,
        "period": {"from": report.period.start, "to": report.period.end},
        "portfolio": {
            "total": report.portfolio.total,
            "stages": [
                {
                    "stage": row.value,
                    "label": row.label,
                    "count": row.count,
                    "projects": [{"id": p.pk, "title": p.title} for p in row.projects],
                }
                for row in report.portfolio.stages
            ],
        },
        "measures": [
            {
                "project_id": m.project_id,
                "project": m.project_title,
                "measure_id": m.measure_id,
                "title": m.title,
                "kind": m.kind,
                "unit": m.unit,
                "latest_period": m.latest_period,
                "latest_value": m.latest_value,
                "variation": m.variation,
                "variation_words": m.variation_words,
                "assurance": m.assurance,
                "assurance_words": m.assurance_words,
            }
            for m in report.measures
        ],
        "coproduction": {
            "early_involvement": {
                "projects_started": report.early_involvement.projects_started,
                "partners_from_first_conversation": report.early_involvement.partners_from_first,
                "share": _share(report.early_involvement.share),
            },
            "activities": {
                "total": mix.activity_count,
                "with_partners": mix.with_partners,
                "by_rung": {value: count for value, _label, count in mix.rungs},
            },
            "partner_hours": float(mix.partner_hours),
            "staff_hours": float(mix.staff_hours),
            "partners_involved": mix.partner_people,
            "payments": {
                "paid_pence": report.payments.paid_pence,
                "approved_pence": report.payments.approved_pence,
                "total_pence": report.payments.total_pence,
                "people": report.payments.people,
                "withheld": report.payments.withheld,
            },
            "concentration": {
                "available": concentration.available,
                "partner_count": concentration.partner_count,
                "partner_hours": float(concentration.partner_hours),
                "top_three_share": _share(concentration.top_three_share),
                "index": None if concentration.index is None else float(concentration.index),
                "effective_partners": (
                    None if concentration.effective_partners is None else float(concentration.effective_partners)
                ),
                "single_partner_projects": concentration.single_partner_projects,
                "busy_partners": concentration.busy_partners,
                "alert": concentration.alert,
                "alert_message": concentration.alert_message,
            },
        },
        "experience": {
            "comments": report.experience.responses,
            "scored": report.experience.scored,
            "positive": report.experience.positive,
            "percent_positive": (
                None if report.experience.percent_positive is None else round(report.experience.percent_positive, 1)
            ),
            "top_themes": [{"theme": name, "comments": total} for name, total in report.experience.top_themes],
        },
        "assessment": None
        if latest is None
        else {
            "round_id": latest.round.pk,
            "round": latest.round.title,
            "lived_respondents": latest.lived_count,
            "learnt_respondents": latest.learnt_count,
            "continuum": placement.continuum if placement else "",
            "curves": {name: value for name, value in placement.curves} if placement else {},
            "themes": [
                {
                    "id": s.id,
                    "title": s.title,
                    "everyone": s.overall,
                    "lived": s.lived,
                    "learnt": s.learnt,
                    "gap": s.gap,
                }
                for s in latest.themes
            ],
        },
        "commitments": {
            "open": len(report.commitments.open),
            "overdue": len(report.commitments.overdue),
            "done": report.commitments.done,
            "stopped": report.commitments.stopped,
            "items": [
                {
                    "id": c.id,
                    "level": c.level,
                    "text": c.text,
                    "owner": c.owner,
                    "review_on": c.review_on,
                    "status": c.status,
                    "overdue": c.overdue,
                }
                for c in report.commitments.open
            ],
        },
        "successes": [
            {"project_id": s.project_id, "title": s.title, "what_changed": s.what_changed} for s in report.successes
        ],
    }


@router.get(
    "/{slug}/board-report",
    response={200: dict, **errors(401, 404, 422)},
    summary="The board report's figures for a period (from/to as YYYY-MM-DD; default the last 12 months)",
)
@api_rule(see="reports.board_report")
def board_report(
    request,
    slug: str,
    start: str = Query("", alias="from", format="date"),
    end: str = Query("", alias="to", format="date"),
):
    access = request.access
    organisation = access.organisation
    today = timezone.localdate()
    try:
        period = parse_period(start=start, end=end, today=today)
    except PeriodError as error:
        return Status(422, {"detail": "Invalid input", "errors": [{"field": error.field, "message": error.message}]})
    report = selectors.board_report(
        organisation=organisation,
        period=period,
        today=today,
        icons=False,
        show_small_groups=allows(access, "money.see_small_totals"),
        hide_assessment=core_selectors.self_assessment_hidden_from(access=access),
    )
    return figures(report)

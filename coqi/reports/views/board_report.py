"""The board report: an HTML page made for printing (the accessible primary format) and the same report as a PDF.

Thin: the period comes from the query string, selectors read, `coqi.reports.pdf` draws. Every member of the
organisation — partners included — and viewers of its system may read it (ADR 0019).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from coqi.core import selectors as core_selectors
from coqi.core.access import organisation_rule
from coqi.core.permissions import allows
from coqi.reports import pdf, selectors, words
from coqi.reports.period import PeriodError, default_period, parse_period


def _assessment_hidden(request) -> bool:
    """System viewers do not see the self-assessment of an organisation anonymised in the system view (ADR 0026)."""
    return core_selectors.self_assessment_hidden_from(access=request.access)


def _period(request, today):
    """The chosen period, or the default with the problem to show beside the date fields."""
    try:
        return parse_period(start=request.GET.get("from"), end=request.GET.get("to"), today=today), None
    except PeriodError as error:
        return default_period(today), error


@organisation_rule("reports.board_report")
def board_report(request, organisation):
    today = timezone.localdate()
    period, error = _period(request, today)
    report = selectors.board_report(
        organisation=organisation,
        period=period,
        today=today,
        show_small_groups=allows(request.access, "money.see_small_totals"),
        hide_assessment=_assessment_hidden(request),
    )
    query = "" if period == default_period(today) else f"?from={period.start.isoformat()}&to={period.end.isoformat()}"
    return render(
        request,
        "reports/board_report.jinja",
        {
            "organisation": organisation,
            "report": report,
            "error": error,
            "page_has_errors": error is not None,
            "entered": {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")},
            "pdf_query": query,
            "words": words,
        },
    )


@organisation_rule("reports.board_report")
def board_report_pdf(request, organisation):
    today = timezone.localdate()
    period, error = _period(request, today)
    if error is not None:
        return HttpResponse(f"{error.message}.", status=400, content_type="text/plain; charset=utf-8")
    report = selectors.board_report(
        organisation=organisation,
        period=period,
        today=today,
        icons=False,
        show_small_groups=allows(request.access, "money.see_small_totals"),
        hide_assessment=_assessment_hidden(request),
    )

    def celebration_page(success) -> str:
        return request.build_absolute_uri(
            reverse("projects:celebrate", kwargs={"org_slug": organisation.slug, "project_id": success.project_id})
        )

    response = HttpResponse(pdf.render(report, link=celebration_page), content_type="application/pdf")
    name = f"board-report-{organisation.slug}-{period.start.isoformat()}-to-{period.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response

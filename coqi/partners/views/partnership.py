"""Partnership health pages: concentration risk for the organisation and each project, and partners whose
experience fits a project. Read-only, so no services here. Names of partners and their load are shown only to
facilitators and admins: partners (and staff) see the figures, never each other's hours."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from coqi.core.access import organisation_rule
from coqi.core.permissions import allows
from coqi.partners.selectors import partnership as selectors
from coqi.projects.access import project_access_required
from coqi.projects.selectors import projects as project_selectors

# Who may see partners' names beside their hours and projects, and ask for suggestions.
# The windows a person can choose, in months; 12 is the default everywhere (home alert, API, board report).
WINDOWS = {6: "Last 6 months", 12: "Last 12 months", 24: "Last 2 years"}


def _months(request) -> int:
    try:
        months = int(request.GET.get("months", 12))
    except (TypeError, ValueError):
        return 12
    return months if months in WINDOWS else 12


def _can_see_names(request) -> bool:
    return allows(request.access, "partners.see_names")


def _common(request, organisation, months: int) -> dict:
    return {
        "organisation": organisation,
        "months": months,
        "windows": WINDOWS,
        "since": selectors.months_before(timezone.localdate(), months),
        "can_see_names": _can_see_names(request),
        "thresholds": {
            "top_three": selectors.TOP_THREE_SHARE_LIMIT,
            "effective": selectors.MIN_EFFECTIVE_PARTNERS,
            "busy": selectors.BUSY_PARTNER_PROJECTS,
            "project_effective": selectors.PROJECT_MIN_EFFECTIVE_PARTNERS,
        },
    }


@organisation_rule("partnership.view")
def concentration(request, organisation):
    months = _months(request)
    context = _common(request, organisation, months)
    since = context["since"]
    context.update(
        figures=selectors.organisation_concentration(organisation=organisation, since=since),
        projects=selectors.project_figures(organisation=organisation, since=since),
        loads=selectors.partner_loads(organisation=organisation, since=since) if context["can_see_names"] else [],
    )
    return render(request, "partners/concentration.jinja", context)


@project_access_required()
def project_concentration(request, organisation, project):
    months = _months(request)
    context = _common(request, organisation, months)
    context.update(
        project=project,
        figures=selectors.project_concentration(project=project, since=context["since"]),
    )
    return render(request, "partners/project.jinja", context)


@organisation_rule("partners.see_names")
def suggestions(request, organisation, project_id):
    project = project_selectors.project_for(organisation=organisation, project_id=project_id)
    return render(
        request,
        "partners/suggestions.jinja",
        {
            "organisation": organisation,
            "project": project,
            "result": selectors.suggestions_for(project=project),
            "busy_limit": selectors.BUSY_PARTNER_PROJECTS,
        },
    )

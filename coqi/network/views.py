"""System view pages. Thin: selectors read, services write; each view declares its access rule."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coqi.assessment.charts import curves_chart
from coqi.core import selectors as core_selectors
from coqi.core import services as core_services
from coqi.core.access import organisation_rule
from coqi.core.forms import Form
from coqi.network import charts, selectors
from coqi.network.access import network_access_required, site_staff_required

NAMED, ANONYMISED = "named", "anonymised"


class SharingForm(Form):
    shown_as = forms.ChoiceField(
        label="How should other people in the system see our self-assessment figures?",
        choices=[(NAMED, "By our name"), (ANONYMISED, "Anonymised, as “Organisation A”, “B” and so on")],
        error_messages={"required": "Choose how your organisation is shown."},
    )
    national = forms.ChoiceField(
        label="And in the national view, seen by the Co-QI site team across every system?",
        choices=[(ANONYMISED, "Anonymised"), (NAMED, "By our name")],
        error_messages={"required": "Choose how your organisation is shown nationally."},
    )


@network_access_required
def network_page(request, system):
    access = request.network_access
    view = selectors.network_view(access=access)
    lowest, highest = view.scale or (1, 5)
    return render(
        request,
        "network/system.jinja",
        {
            "system": system,
            "network": access,
            "view": view,
            "distribution": charts.distribution_chart(view.placed, lowest=lowest, highest=highest)
            if view.placed
            else "",
            "curves": [(row, curves_chart(row.placement, uid=f"curves-{row.marker}")) for row in view.rows],
            "innovation_links": {
                i.pk: selectors.innovation_link_organisation(access=access, innovation=i).slug for i in view.innovations
            },
            "min_anonymised": selectors.MIN_ANONYMISED,
        },
    )


@site_staff_required
def national_page(request):
    """The same view across every system, every organisation anonymised unless it chose to be named. Mounted by
    coqi/network/national_urls.py."""
    view = selectors.national_view()
    lowest, highest = view.scale or (1, 5)
    return render(
        request,
        "network/system.jinja",
        {
            "system": None,
            "network": None,
            "view": view,
            "distribution": charts.distribution_chart(view.placed, lowest=lowest, highest=highest)
            if view.placed
            else "",
            "curves": [(row, curves_chart(row.placement, uid=f"curves-{row.marker}")) for row in view.rows],
            "innovation_links": {},
            "min_anonymised": selectors.MIN_ANONYMISED,
        },
    )


@organisation_rule("network.choose_sharing")
@require_http_methods(["GET", "POST"])
def sharing_page(request, organisation, system_slug):
    """An organisation's admin chooses whether the system view names it. Reached through the organisation, so
    anyone who is not its admin gets 404 or 403 like every organisation page."""
    if organisation.system.slug != system_slug:
        raise Http404
    sharing = core_selectors.sharing_of(organisation=organisation)
    current = ANONYMISED if sharing and sharing.anonymised_in_system else NAMED
    nationally = NAMED if sharing and sharing.named_nationally else ANONYMISED
    form = SharingForm(
        request.POST if request.method == "POST" else None, initial={"shown_as": current, "national": nationally}
    )
    if request.method == "POST" and form.is_valid():
        try:
            core_services.set_sharing(
                actor=request.user,
                organisation=organisation,
                anonymised=form.cleaned_data["shown_as"] == ANONYMISED,
                named_nationally=form.cleaned_data["national"] == NAMED,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                "Saved. The system view now shows your organisation "
                + ("anonymised." if form.cleaned_data["shown_as"] == ANONYMISED else "by name."),
            )
            return redirect("core:organisation-home", org_slug=organisation.slug)
    return render(
        request,
        "network/sharing.jinja",
        {
            "organisation": organisation,
            "form": form,
            "current": current,
            "nationally": nationally,
            "descriptions": {
                NAMED: "Viewers of the system and admins of its other organisations see our name beside our figures.",
                ANONYMISED: "They see our figures without our name, and only when at least one other organisation is "
                "anonymised too. Our system-level commitments are left out of the system view.",
            },
        },
    )

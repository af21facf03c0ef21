"""Learning register and development opportunity pages. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.access import organisation_rule
from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.core.selectors import members_of
from coqi.learning import selectors, services
from coqi.learning.forms import AttendanceForm, EventDetailsForm, EventForm, KeeperResponseForm, OpportunityForm
from coqi.learning.models import OpportunityKind, ResponseStatus, Topic


def _chosen(members, ids) -> list:
    by_id = {m.user_id: m.user for m in members}
    return [by_id[i] for i in ids if i in by_id]


@organisation_rule("learning.keep")
def register(request, organisation):
    return render(
        request,
        "learning/register.jinja",
        {
            "organisation": organisation,
            "events": list(selectors.events_of(organisation=organisation)),
            "figures": selectors.figures_by_year(organisation=organisation),
            "topics": dict(Topic.choices),
        },
    )


@organisation_rule("learning.keep")
@require_http_methods(["GET", "POST"])
def event_new(request, organisation):
    members = list(members_of(organisation=organisation))
    form = EventForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.record_event(
                actor=request.user,
                organisation=organisation,
                topic=data["topic"],
                title=data["title"],
                held_on=data["held_on"],
                hours=data["hours"],
                run_by=data["run_by"],
                attendees=_chosen(members, data["attendees"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Learning event recorded: {event.title}")
            return redirect("learning:event", org_slug=organisation.slug, event_id=event.pk)
    return render(request, "learning/event_new.jinja", {"organisation": organisation, "form": form})


@organisation_rule("learning.keep")
@require_http_methods(["GET", "POST"])
def event_page(request, organisation, event_id):
    event = selectors.event_for(organisation=organisation, event_id=event_id)
    members = list(members_of(organisation=organisation))
    attendances = list(event.attendances.all())
    initial = {"attendees": [a.person_id for a in attendances if a.person_id], "version": event.version}
    form = AttendanceForm(request.POST or None, members=members, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.set_attendance(
                actor=request.user,
                event=event,
                attendees=_chosen(members, form.cleaned_data["attendees"]),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = error.messages[0]
            event = selectors.event_for(organisation=organisation, event_id=event_id)
            attendances = list(event.attendances.all())
            form = AttendanceForm(
                members=members,
                initial={"attendees": [a.person_id for a in attendances if a.person_id], "version": event.version},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Attendance saved")
            return redirect("learning:event", org_slug=organisation.slug, event_id=event.pk)
    return render(
        request,
        "learning/event.jinja",
        {
            "organisation": organisation,
            "event": event,
            "attendances": attendances,
            "form": form,
            "conflict": conflict,
            "topics": dict(Topic.choices),
        },
    )


@organisation_rule("learning.keep")
@require_http_methods(["GET", "POST"])
def event_edit(request, organisation, event_id):
    event = selectors.event_for(organisation=organisation, event_id=event_id)
    fields = ("topic", "title", "held_on", "hours", "run_by", "version")
    form = EventDetailsForm(request.POST or None, initial={f: getattr(event, f) for f in fields})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_event(
                actor=request.user,
                event=event,
                expected_version=data["version"],
                topic=data["topic"],
                title=data["title"],
                held_on=data["held_on"],
                hours=data["hours"],
                run_by=data["run_by"],
            )
        except EditConflict as error:
            conflict = error.messages[0]
            event = selectors.event_for(organisation=organisation, event_id=event_id)
            form = EventDetailsForm(initial={f: getattr(event, f) for f in fields})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Learning event changed")
            return redirect("learning:event", org_slug=organisation.slug, event_id=event.pk)
    return render(
        request,
        "learning/event_edit.jinja",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "conflict": conflict,
        },
    )


@organisation_rule("learning.keep")
def opportunities(request, organisation):
    return render(
        request,
        "learning/opportunities.jinja",
        {
            "organisation": organisation,
            "opportunities": list(selectors.opportunities_of(organisation=organisation)),
            "kinds": dict(OpportunityKind.choices),
        },
    )


@organisation_rule("learning.keep")
@require_http_methods(["GET", "POST"])
def opportunity_new(request, organisation):
    members = list(members_of(organisation=organisation))
    form = OpportunityForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity = services.offer_opportunity(
                actor=request.user,
                organisation=organisation,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                closes_on=data["closes_on"],
                open_to_all_partners=data["open_to_all_partners"],
                offered_to=_chosen(members, data["offered_to"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Opportunity offered: {opportunity.title}")
            return redirect("learning:opportunity", org_slug=organisation.slug, opportunity_id=opportunity.pk)
    return render(request, "learning/opportunity_new.jinja", {"organisation": organisation, "form": form})


@organisation_rule("learning.keep")
@require_http_methods(["GET", "POST"])
def opportunity_page(request, organisation, opportunity_id):
    opportunity = selectors.opportunity_for(organisation=organisation, opportunity_id=opportunity_id)
    members = list(members_of(organisation=organisation))
    form = KeeperResponseForm(request.POST or None, members=members, statuses=services.KEEPER_ANSWERS)
    if request.method == "POST" and form.is_valid():
        person = _chosen(members, [form.cleaned_data["person"]])
        try:
            services.respond(
                actor=request.user,
                opportunity=opportunity,
                person=person[0] if person else None,
                status=form.cleaned_data["status"],
                by_keeper=True,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved")
            return redirect("learning:opportunity", org_slug=organisation.slug, opportunity_id=opportunity.pk)
    return render(
        request,
        "learning/opportunity.jinja",
        {
            "organisation": organisation,
            "opportunity": opportunity,
            "responses": list(opportunity.responses.all()),
            "form": form,
            "kinds": dict(OpportunityKind.choices),
        },
    )


@organisation_rule("organisation.member")
@require_POST
def opportunity_answer(request, organisation, opportunity_id):
    """A person says they are interested in, or do not want, an opportunity offered to them."""
    opportunity = selectors.opportunity_for(organisation=organisation, opportunity_id=opportunity_id)
    if not selectors.can_see(opportunity=opportunity, person=request.user, role=request.access.role):
        raise Http404
    status = request.POST.get("status", "")
    try:
        services.respond(actor=request.user, opportunity=opportunity, person=request.user, status=status)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        said = "You said you are interested" if status == ResponseStatus.INTERESTED else "You said no thanks"
        messages.success(request, f"{said}: {opportunity.title}")
    return redirect(reverse("reports:involvement", kwargs={"org_slug": organisation.slug}) + "#opportunities")

"""The calendar feed: a page to turn it on (a new private address), or off, and the feed itself, opened by its
secret alone so a phone's calendar can fetch it without signing in."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from coqi.core.access import login_required_rule, public
from coqi.partners import calendar


@login_required_rule
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    address = None
    if request.method == "POST":
        if request.POST.get("action") == "off":
            calendar.turn_off(actor=request.user)
            return redirect("calendar:page")
        secret = calendar.turn_on(actor=request.user)
        address = request.build_absolute_uri(reverse("calendar:feed", kwargs={"secret": secret}))
    return render(
        request,
        "partners/calendar.jinja",
        {"feed": calendar.feed_of(person=request.user), "address": address},
    )


@public
@require_GET
def calendar_feed(request, secret: str):
    person = calendar.person_for(secret)
    if person is None:
        raise Http404
    response = HttpResponse(calendar.ics(person=person, site=request.get_host()), content_type="text/calendar")
    response["Cache-Control"] = "private, no-store"
    return response

"""Your own data: see what is held and download it all as JSON (the right of access)."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from coqi.core.access import login_required_rule
from coqi.rights.discovery import personal_data_modules
from coqi.rights.services import export_person


@login_required_rule
@require_GET
def my_data(request):
    areas = sorted(
        (
            getattr(module, "TITLE", label.replace("_", " ").capitalize())
            for label, module in personal_data_modules().items()
        ),
        key=str.lower,
    )
    return render(request, "rights/my_data.jinja", {"areas": areas})


@login_required_rule
@require_POST
def download(request):
    data = export_person(actor=request.user, user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="my-coqi-data-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "private, no-store"
    return response

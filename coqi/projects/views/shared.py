"""What the project pages share: the page frame with the project's links, the redirect back to a project page, and
the versioned edit (validate, save, or show the conflict when someone else saved first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.projects import registry


def post_data(request):
    return request.POST if request.method == "POST" else None


@dataclass
class VersionedEdit:
    """What `versioned_edit` leaves for the view: the form to show, the item (reloaded after a conflict), the
    conflict message if someone else saved first, and whatever the service returned when it saved."""

    form: object
    item: object
    conflict: str | None = None
    saved: bool = False
    result: object = None


def versioned_edit(request, form_class, item, *, initial, save, reload, **form_kwargs) -> VersionedEdit:
    """The edit every versioned form here shares: validate, call `save(cleaned_data)` (a service given the form's
    version), and on EditConflict reload the item and show its latest values unbound with the conflict message,
    or put a service's ValidationError on the form against the field it names."""
    form = form_class(post_data(request), initial=initial(item), **form_kwargs)
    if request.method != "POST" or not form.is_valid():
        return VersionedEdit(form=form, item=item)
    try:
        result = save(form.cleaned_data)
    except EditConflict as error:
        item = reload()
        return VersionedEdit(
            form=form_class(initial=initial(item), **form_kwargs), item=item, conflict=error.messages[0]
        )
    except ValidationError as error:
        apply_errors(form, error)
        return VersionedEdit(form=form, item=item)
    return VersionedEdit(form=form, item=item, saved=True, result=result)


def page(request, template: str, organisation, project, **context):
    context.update(
        organisation=organisation,
        project=project,
        project_access=request.project_access,
        project_links=registry.project_links(project),
    )
    return render(request, template, context)


def redirect_to(name: str, organisation, project, **kwargs):
    return redirect(f"projects:{name}", org_slug=organisation.slug, project_id=project.pk, **kwargs)

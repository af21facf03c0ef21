"""Measure pages: the project's MDC summary, each measure's charts beside its stories, data entry and upload.
Thin: forms check, services write, selectors read; every view declares its access rule (coqi.projects.access)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.core.tabular import DataRejected
from coqi.improvement.forms.measures import DataPointForm, MeasureForm, UploadForm
from coqi.improvement.selectors import measures as selectors
from coqi.improvement.selectors import plans as improvement_selectors
from coqi.improvement.services import measures as services
from coqi.projects.access import project_access_required

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _context(request, organisation, project, **extra) -> dict:
    return {"organisation": organisation, "project": project, "can_edit": request.project_access.can_edit, **extra}


def _to_detail(organisation, project, measure):
    return redirect(
        "projects:measures:detail", org_slug=organisation.slug, project_id=project.pk, measure_id=measure.pk
    )


@project_access_required()
def measure_list(request, organisation, project):
    return render(
        request,
        "improvement/measures/list.jinja",
        _context(
            request,
            organisation,
            project,
            summaries=selectors.project_summary(project=project),
            aim=improvement_selectors.aim_of(project=project),
            archived=list(selectors.archived_measures_of(project=project)),
        ),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def measure_new(request, organisation, project):
    form = MeasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            measure = services.create_measure(actor=request.user, project=project, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{measure.name}” has been added. Now add its data.")
            return _to_detail(organisation, project, measure)
    return render(
        request,
        "improvement/measures/measure_form.jinja",
        _context(request, organisation, project, form=form, measure=None),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def measure_edit(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    initial = {name: getattr(measure, name) for name in services.MEASURE_FIELDS} | {"version": measure.version}
    form = MeasureForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_measure(actor=request.user, measure=measure, expected_version=version, **data)
        except EditConflict as error:
            conflict = error.messages[0]
            measure = selectors.measure_in(project=project, measure_id=measure_id)
            form = MeasureForm(
                initial={name: getattr(measure, name) for name in services.MEASURE_FIELDS}
                | {"version": measure.version}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{measure.name}” has been saved.")
            return _to_detail(organisation, project, measure)
    return render(
        request,
        "improvement/measures/measure_form.jinja",
        _context(request, organisation, project, form=form, measure=measure, conflict=conflict),
        status=409 if conflict else 200,
    )


@project_access_required()
def measure_detail(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    return render(
        request,
        "improvement/measures/detail.jinja",
        _context(
            request,
            organisation,
            project,
            measure=measure,
            charts=selectors.measure_charts(measure=measure),
            evidence=selectors.evidence_for(project=project),
            phases=selectors.phases_of(measure=measure),
            notes=selectors.notes_of(measure=measure),
            exclusions=selectors.exclusions_of(measure=measure),
        ),
    )


@project_access_required(edit=True)
@require_POST
def measure_archive(request, organisation, project, measure_id):
    """Archive a measure, or bring it back (`restore`); its data and page stay either way."""
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    archive = request.POST.get("action") != "restore"
    try:
        services.set_archived(
            actor=request.user, measure=measure, archived=archive, expected_version=request.POST.get("version")
        )
    except ValidationError as error:  # EditConflict included: the page it redirects to shows the latest state
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"“{measure.name}” has been archived: it is no longer charted in the summary, "
            "the celebration page or the board report, and its data is kept."
            if archive
            else f"“{measure.name}” is back in use.",
        )
    return _to_detail(organisation, project, measure)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def data_entry(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    form = DataPointForm(request.POST if request.method == "POST" else None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            point = services.record_data_point(
                actor=request.user,
                measure=measure,
                period=data["period"],
                value=data["value"],
                denominator=data.get("denominator"),
                group=data.get("group") or "",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"The value for {point.period:%-d %B %Y} has been saved.")
            if "another" in request.POST:
                return redirect(
                    "projects:measures:data", org_slug=organisation.slug, project_id=project.pk, measure_id=measure.pk
                )
            return _to_detail(organisation, project, measure)
    return render(
        request,
        "improvement/measures/data_entry.jinja",
        _context(
            request, organisation, project, form=form, measure=measure, points=selectors.data_points(measure=measure)
        ),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def data_upload(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    # Bound even when nothing was sent: `request.POST or None` left an empty post unbound, so it showed no error.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The file must be smaller than 5 MB")
        else:
            try:
                added, replaced = services.import_upload(
                    actor=request.user, measure=measure, file_name=upload.name, content=upload.read()
                )
            except DataRejected as rejected:
                problems = rejected.messages
                form.add_error(
                    "file",
                    f"The file was not saved: {len(rejected.problems)} "
                    f"problem{'s' if len(rejected.problems) != 1 else ''} to fix, listed below",
                )
            else:
                messages.success(
                    request,
                    f"The file has been saved: {added} new period{'s' if added != 1 else ''}"
                    f"{f' and {replaced} updated' if replaced else ''}.",
                )
                return _to_detail(organisation, project, measure)
    return render(
        request,
        "improvement/measures/upload.jinja",
        _context(request, organisation, project, form=form, measure=measure, problems=problems),
        # Any refused upload is a 400, as on the feedback import: no file, an empty one, too big, or bad rows.
        status=400 if form.errors else 200,
    )


@project_access_required(edit=True)
@require_POST
def data_remove(request, organisation, project, measure_id, point_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    point = selectors.data_point_in(measure=measure, point_id=point_id)
    services.remove_data_point(actor=request.user, point=point)
    messages.success(request, f"The value for {point.period:%-d %B %Y} has been removed.")
    return redirect("projects:measures:data", org_slug=organisation.slug, project_id=project.pk, measure_id=measure.pk)


@project_access_required()
def upload_template(request, organisation, project, measure_id):
    """A CSV with the right columns for this measure and two example rows, to fill in and upload."""
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    response = HttpResponse(selectors.upload_template(measure=measure), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}-template.csv"'
    return response

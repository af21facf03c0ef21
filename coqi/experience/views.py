"""Experience of care pages: dashboard, comment browser, import, column mapping, send to a project.
Thin: forms check, services write, selectors read; every view declares its access rule."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coqi.core.access import organisation_rule
from coqi.core.permissions import allows
from coqi.core.tabular import DataRejected
from coqi.experience import corrections, importing, queueing, selectors, services
from coqi.experience.forms import LabelForm, MappingForm, SendForm, StoryForm, StorySendForm, UploadForm
from coqi.projects.access import project_access
from coqi.projects.selectors import evidence as story_selectors
from coqi.projects.selectors import projects as project_selectors
from coqi.projects.services import stories as story_services


def _can_import(request) -> bool:
    return allows(request.access, "feedback.import")


def _projects_to_send_to(request, organisation):
    if request.access.read_only:
        return []
    if allows(request.access, "projects.change"):
        return list(project_selectors.projects_in(organisation=organisation))
    return list(project_selectors.projects_of_person(organisation=organisation, person=request.user))


def _filter_context(organisation, filters, groups=None) -> dict:
    groups = selectors.demographic_groups(organisation=organisation) if groups is None else groups
    return {
        "filters": filters,
        "options": {
            "services": [(s, s) for s in selectors.services_of(organisation=organisation)],
            "themes": [(t, t) for t in selectors.themes_of(organisation=organisation)],
            "sentiments": [(value, f"{value} – {label}") for value, label in selectors.SENTIMENTS.items()],
            "groups": [(f"{c}={v}", f"{c}: {v}") for c, v in groups],
        },
        "sentiments": selectors.SENTIMENTS,
    }


@organisation_rule("experience.view")
def dashboard(request, organisation):
    asked = selectors.Filters.from_query(request.GET)
    # Whole months, by default the last 24 to the newest month with feedback: the page reads only what it shows.
    filters = selectors.dashboard_window(organisation=organisation, filters=asked)
    months = selectors.monthly(organisation=organisation, filters=filters)
    total = sum(m.responses for m in months)
    # A demographic group this small is not summarised on its own: its figures could point at a person.
    too_small = bool(filters.group) and 0 < total < selectors.SMALL_GROUP
    title = "FFT % positive" + (f", {filters.service}" if filters.service else "")
    groups = selectors.demographic_groups(organisation=organisation)
    columns = sorted({column for column, _ in groups})
    compare = request.GET.get("compare", "").strip()
    compare = compare if compare in columns else (columns[0] if columns else "")
    context = {
        "organisation": organisation,
        "can_import": _can_import(request),
        "too_small": too_small,
        "can_train": allows(request.access, "feedback.train_model"),
        "small_group": selectors.SMALL_GROUP,
        "months": [] if too_small else months,
        "window_default": not (asked.date_from or asked.date_to),
        "window_months": selectors.WINDOW_MONTHS,
        "total": total,
        "can_send": bool(_projects_to_send_to(request, organisation)),
        "columns": columns,
        "comparison": selectors.group_comparison(organisation=organisation, column=compare, filters=filters)
        if compare
        else None,
        **_filter_context(organisation, filters, groups),
    }
    if not too_small:
        context.update(
            {
                "chart": selectors.percent_positive_chart(months=months, title=title),
                "theme_table": selectors.themes_over_time(organisation=organisation, filters=filters),
                "sentiment_mix": selectors.sentiment_mix(organisation=organisation, filters=filters),
            }
        )
    return render(request, "experience/dashboard.jinja", context)


@organisation_rule("experience.view")
def comment_list(request, organisation):
    filters = selectors.Filters.from_query(request.GET)
    # Keyset links ("older"/"newer" carry a comment's date and id), never page numbers: no OFFSET, no full count.
    page = selectors.comment_page(
        organisation=organisation,
        filters=filters,
        older_than=selectors.Cursor.parse(request.GET.get("older")),
        newer_than=selectors.Cursor.parse(request.GET.get("newer")),
    )
    return render(
        request,
        "experience/comments.jinja",
        {
            "organisation": organisation,
            "page": page,
            "count_limit": selectors.COUNT_LIMIT,
            "paged": bool(request.GET.get("older") or request.GET.get("newer")),
            **_filter_context(organisation, filters),
        },
    )


def _send(request, organisation, form, *, comment=None):
    project = project_selectors.project_for(organisation=organisation, project_id=form.cleaned_data["project"])
    can_edit = project_access(access=request.access, project=project, user=request.user).can_edit
    evidence = services.send_to_project(
        actor=request.user,
        organisation=organisation,
        project=project,
        theme=form.cleaned_data.get("theme") or "",
        comment=comment,
        can_edit=can_edit,
    )
    messages.success(request, f"“{evidence.name}” has been added to what matters in {project.title}.")
    return redirect("projects:what-matters", org_slug=organisation.slug, project_id=project.pk)


@organisation_rule("experience.view")
@require_http_methods(["GET", "POST"])
def comment_detail(request, organisation, comment_id):
    comment = selectors.comment_in(organisation=organisation, comment_id=comment_id)
    projects = _projects_to_send_to(request, organisation)
    form = SendForm(
        request.POST if request.method == "POST" else None,
        projects=projects,
        initial={"theme": comment.themes[0] if comment.themes else ""},
    )
    if request.method == "POST" and projects and form.is_valid():
        return _send(request, organisation, form, comment=comment)
    return render(
        request,
        "experience/comment.jinja",
        {
            "organisation": organisation,
            "comment": comment,
            "form": form,
            "projects": projects,
            "sentiments": selectors.SENTIMENTS,
            "can_label": allows(request.access, "feedback.label"),
        },
        status=400 if form.errors else 200,
    )


@organisation_rule("experience.view")
@require_http_methods(["GET", "POST"])
def send_theme(request, organisation):
    projects = _projects_to_send_to(request, organisation)
    data = request.POST if request.method == "POST" else None
    form = SendForm(data, projects=projects, initial={"theme": request.GET.get("theme", "")[:200]})
    if request.method == "POST" and projects and form.is_valid():
        if not form.cleaned_data.get("theme"):
            form.add_error("theme", "Enter the theme to send")
        else:
            return _send(request, organisation, form)
    return render(
        request,
        "experience/send_theme.jinja",
        {
            "organisation": organisation,
            "form": form,
            "projects": projects,
        },
        status=400 if form.errors else 200,
    )


@organisation_rule("feedback.import")
@require_http_methods(["GET", "POST"])
def import_file(request, organisation):
    # Bound even when nothing was sent, so an empty post shows its error rather than a fresh form.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if too_big := importing.too_big(upload.size):
            form.add_error("file", too_big)
        else:
            try:
                if upload.size > services.INLINE_MAX_BYTES:
                    job = queueing.queue_import(
                        actor=request.user, organisation=organisation, file_name=upload.name, content=upload.read()
                    )
                    return redirect("experience:import-job", org_slug=organisation.slug, job_id=job.pk)
                record = services.import_feedback(
                    actor=request.user, organisation=organisation, file_name=upload.name, content=upload.read()
                )
            except DataRejected as rejected:
                problems = rejected.messages
                form.add_error(
                    "file",
                    f"The file was not imported: {len(rejected.problems)} "
                    f"problem{'s' if len(rejected.problems) != 1 else ''} to fix, listed below",
                )
            else:
                already = f" {record.duplicates_skipped} were already here." if record.duplicates_skipped else ""
                messages.success(
                    request,
                    f"{record.comments_added} new response"
                    f"{'s' if record.comments_added != 1 else ''} imported.{already}",
                )
                return redirect("experience:dashboard", org_slug=organisation.slug)
    services.fail_stalled_imports(organisation=organisation)
    return render(
        request,
        "experience/import.jinja",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "mapping": services.mapping_for(organisation=organisation),
            "imports": selectors.imports_of(organisation=organisation),
            "jobs": selectors.unfinished_jobs_of(organisation=organisation),
            "inline_kb": services.INLINE_MAX_BYTES // 1024,
            "max_mb": importing.MAX_FILE_BYTES // importing.MB,
            "max_rows": importing.MAX_ROWS,
        },
        status=400 if problems or form.errors else 200,
    )


@organisation_rule("feedback.import")
def import_job(request, organisation, job_id):
    """A background import's progress; htmx asks for the status part again every 2 seconds until it ends.

    Screen readers hear only real news: the visible status is swapped silently, and the live region is refilled
    (out of band) only when the stage, a quarter of the progress or the outcome has changed since the last poll,
    which the poll tells us in `seen`."""
    services.fail_stalled_imports(organisation=organisation)  # a job whose worker died must not poll for ever
    job = selectors.import_job_in(organisation=organisation, job_id=job_id)
    milestone = f"{job.status}.{job.stage}.{job.percent_done // 25}"
    polling = bool(request.headers.get("HX-Request"))
    return render(
        request,
        "experience/_job_status.jinja" if polling else "experience/import_job.jinja",
        {
            "organisation": organisation,
            "job": job,
            "milestone": milestone,
            "announce": polling and request.GET.get("seen") != milestone,
        },
    )


@organisation_rule("feedback.import")
@require_http_methods(["GET", "POST"])
def column_mapping(request, organisation):
    mapping = services.mapping_for(organisation=organisation)
    initial = {name: getattr(mapping, name) for name in services.MAPPING_FIELDS}
    form = MappingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mapping(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field, field_messages)
        else:
            messages.success(request, "The columns have been saved. Every import now uses them.")
            return redirect("experience:import", org_slug=organisation.slug)
    return render(
        request,
        "experience/columns.jinja",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


# Stories: recorded by staff, facilitators and admins; read by the organisation's members (not system viewers:
# the storyteller agreed to uses within this organisation).
@organisation_rule("organisation.member")
def story_list(request, organisation):
    return render(
        request,
        "experience/stories.jinja",
        {
            "organisation": organisation,
            "stories": list(story_selectors.organisation_stories(organisation=organisation)),
            "can_record": allows(request.access, "stories.record"),
        },
    )


@organisation_rule("stories.record")
@require_http_methods(["GET", "POST"])
def story_new(request, organisation):
    form = StoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent_confirmed"}
        try:
            story = story_services.record_story(actor=request.user, organisation=organisation, **data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            removed = (
                f" {story.redactions} identifier{'s' if story.redactions != 1 else ''} removed."
                if story.redactions
                else ""
            )
            messages.success(request, f"The story has been saved.{removed}")
            return redirect("experience:story", org_slug=organisation.slug, experience_story_id=story.pk)
    return render(
        request,
        "experience/story_new.jinja",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@organisation_rule("organisation.member")
@require_http_methods(["GET", "POST"])
def story_detail(request, organisation, experience_story_id):
    story = story_selectors.organisation_story(organisation=organisation, story_id=experience_story_id)
    projects = _projects_to_send_to(request, organisation) if story.may_go_to_projects else []
    form = StorySendForm(request.POST if request.method == "POST" else None, projects=projects)
    if request.method == "POST" and projects and form.is_valid():
        project = project_selectors.project_for(organisation=organisation, project_id=form.cleaned_data["project"])
        can_edit = project_access(access=request.access, project=project, user=request.user).can_edit
        try:
            story_services.use_story_in_project(actor=request.user, story=story, project=project, can_edit=can_edit)
        except ValidationError as error:
            for field_messages in error.message_dict.values():
                form.add_error("project", field_messages)
        else:
            messages.success(request, f"“{story.title}” has been added to the stories in {project.title}.")
            return redirect("projects:what-matters", org_slug=organisation.slug, project_id=project.pk)
    return render(
        request,
        "experience/story.jinja",
        {
            "organisation": organisation,
            "story": story,
            "form": form,
            "projects": projects,
            "used_in": story_selectors.projects_using(story=story),
            "can_withdraw": allows(request.access, "stories.record"),
        },
        status=400 if form.errors else 200,
    )


@organisation_rule("stories.record")
@require_http_methods(["GET", "POST"])
def story_withdraw(request, organisation, experience_story_id):
    story = story_selectors.organisation_story(organisation=organisation, story_id=experience_story_id)
    if request.method == "POST":
        left = story_services.withdraw_story(actor=request.user, story=story)
        projects = f" It has left {len(left)} project{'s' if len(left) != 1 else ''} too." if left else ""
        messages.success(request, f"The story has been deleted.{projects}")
        return redirect("experience:stories", org_slug=organisation.slug)
    return render(
        request,
        "experience/story_withdraw.jinja",
        {
            "organisation": organisation,
            "story": story,
            "used_in": story_selectors.projects_using(story=story),
        },
    )


# Retraining: an organisation admin corrects comments, trains a model in the background and may choose it.
@organisation_rule("feedback.label")
@require_http_methods(["GET", "POST"])
def comment_label(request, organisation, comment_id):
    comment = selectors.comment_in(organisation=organisation, comment_id=comment_id)
    initial = {"themes": comment.themes, "sentiment": comment.sentiment}
    form = LabelForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.relabel_comment(
                actor=request.user,
                organisation=organisation,
                comment=comment,
                themes=form.cleaned_data["themes"],
                sentiment=form.cleaned_data["sentiment"],
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            count = selectors.labelled_count(organisation=organisation)
            messages.success(request, f"Saved. {count} comment{'s' if count != 1 else ''} corrected so far.")
            following = selectors.next_to_label(organisation=organisation, after=comment)
            if following is not None:
                return redirect("experience:comment-label", org_slug=organisation.slug, comment_id=following.pk)
            return redirect("experience:text-model", org_slug=organisation.slug)
    return render(
        request,
        "experience/label.jinja",
        {
            "organisation": organisation,
            "comment": comment,
            "form": form,
            "sentiments": selectors.SENTIMENTS,
            "labelled": selectors.labelled_count(organisation=organisation),
        },
        status=400 if form.errors else 200,
    )


@organisation_rule("feedback.train_model")
@require_http_methods(["GET", "POST"])
def text_model(request, organisation):
    from coqi.experience.retraining import MIN_LABELLED

    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "train":
                queueing.queue_training(actor=request.user, organisation=organisation)
                messages.success(request, "Training has started. It takes a minute or two; refresh this page.")
            else:
                choice = request.POST.get("model", "")
                version = (
                    None if choice == "shipped" else selectors.text_model_in(organisation=organisation, model_id=choice)
                )
                corrections.use_text_model(actor=request.user, organisation=organisation, version=version)
                messages.success(
                    request,
                    "New imports now use "
                    + ("the model shipped with Co-QI." if version is None else f"your model {version.pk}."),
                )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect("experience:text-model", org_slug=organisation.slug)
    first = organisation.feedback_comments.filter(labelled_at__isnull=True).order_by("-received_on", "-id").first()
    return render(
        request,
        "experience/text_model.jinja",
        {
            "organisation": organisation,
            "labelled": selectors.labelled_count(organisation=organisation),
            "minimum": MIN_LABELLED,
            "versions": selectors.text_models_of(organisation=organisation),
            "error": error,
            "first_to_label": first,
        },
        status=400 if error else 200,
    )

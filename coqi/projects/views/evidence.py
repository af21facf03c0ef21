"""What matters pages: stories (with consent, and their withdrawal), feedback themes, Always Events candidates and
touchpoints, added and edited. Thin: forms validate, services write, selectors read; every view declares its access
rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.forms import apply_errors
from coqi.projects.access import project_access_required
from coqi.projects.forms.evidence import (
    AlwaysEventEditForm,
    AlwaysEventForm,
    FeedbackThemeEditForm,
    FeedbackThemeForm,
    StoryForm,
    TouchpointEditForm,
    TouchpointForm,
)
from coqi.projects.models import AlwaysEventCandidate
from coqi.projects.selectors import evidence as selectors
from coqi.projects.services import evidence as services
from coqi.projects.services import stories as story_services
from coqi.projects.views import shared


@project_access_required()
def what_matters(request, organisation, project):
    return shared.page(
        request, "projects/what_matters.jinja", organisation, project, evidence=selectors.evidence_of(project=project)
    )


def _evidence_form(request, organisation, project, form_class, template: str, save, message: str):
    form = form_class(shared.post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, message)
            return shared.redirect_to("what-matters", organisation, project)
    return shared.page(request, template, organisation, project, form=form)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def story_new(request, organisation, project):
    def save(data):
        story_services.add_story(
            actor=request.user,
            project=project,
            title=data["title"],
            text=data["text"],
            told_by=data["told_by"],
            consent_given_by=data["consent_given_by"],
            consent_scope=data["consent_scope"],
            consent_given_on=data["consent_given_on"],
        )

    return _evidence_form(
        request,
        organisation,
        project,
        StoryForm,
        "projects/story_new.jinja",
        save,
        "Story added. Any names or contact details in it were removed before saving.",
    )


@project_access_required()
def story_page(request, organisation, project, story_id):
    story = selectors.story_in(project=project, story_id=story_id)
    return shared.page(
        request,
        "projects/story.jinja",
        organisation,
        project,
        story=story,
        other_projects=selectors.other_projects_using(story=story, project=project),
    )


@project_access_required(edit=True)
@require_POST
def story_withdraw(request, organisation, project, story_id):
    story = selectors.story_in(project=project, story_id=story_id)
    story_services.withdraw_story(actor=request.user, story=story)
    messages.success(request, "The story has been removed because consent was withdrawn.")
    return shared.redirect_to("what-matters", organisation, project)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def theme_new(request, organisation, project):
    def save(data):
        services.add_feedback_theme(
            actor=request.user, project=project, name=data["name"], source_note=data["source_note"]
        )

    return _evidence_form(
        request,
        organisation,
        project,
        FeedbackThemeForm,
        "projects/theme_new.jinja",
        save,
        "Feedback theme linked to the project.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def always_event_new(request, organisation, project):
    def save(data):
        met = set(data["criteria"])
        services.add_always_event_candidate(
            actor=request.user,
            project=project,
            statement=data["statement"],
            notes=data["notes"],
            important_to_patients="important_to_patients" in met,
            evidence_based="evidence_based" in met,
            measurable="measurable" in met,
            affordable_and_sustainable="affordable_and_sustainable" in met,
        )

    return _evidence_form(
        request,
        organisation,
        project,
        AlwaysEventForm,
        "projects/always_event_new.jinja",
        save,
        "Always Events candidate added.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def touchpoint_new(request, organisation, project):
    def save(data):
        services.add_touchpoint(
            actor=request.user,
            project=project,
            journey_point=data["journey_point"],
            emotion=data["emotion"],
            position=data["position"],
            what_happened=data["what_happened"],
        )

    return _evidence_form(
        request,
        organisation,
        project,
        TouchpointForm,
        "projects/touchpoint_new.jinja",
        save,
        "Touchpoint added to the care journey.",
    )


def _evidence_edit(request, organisation, project, edit, *, heading: str, submit: str, message: str):
    if edit.saved:
        messages.success(request, message)
        return shared.redirect_to("what-matters", organisation, project)
    return shared.page(
        request,
        "projects/evidence_edit.jinja",
        organisation,
        project,
        form=edit.form,
        conflict=edit.conflict,
        heading=heading,
        submit=submit,
        back_text="Back to what matters",
        back_href=reverse("projects:what-matters", kwargs={"org_slug": organisation.slug, "project_id": project.pk}),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def theme_edit(request, organisation, project, theme_id):
    theme = selectors.feedback_theme_in(project=project, theme_id=theme_id)
    edit = shared.versioned_edit(
        request,
        FeedbackThemeEditForm,
        theme,
        initial=lambda t: {"name": t.name, "source_note": t.source_note, "version": t.version},
        save=lambda data: services.update_feedback_theme(
            actor=request.user,
            theme=theme,
            version=data["version"],
            name=data["name"],
            source_note=data["source_note"],
        ),
        reload=lambda: selectors.feedback_theme_in(project=project, theme_id=theme.pk),
    )
    return _evidence_edit(
        request,
        organisation,
        project,
        edit,
        heading="Change a feedback theme",
        submit="Save the theme",
        message="Feedback theme saved.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def always_event_edit(request, organisation, project, candidate_id):
    candidate = selectors.always_event_in(project=project, candidate_id=candidate_id)
    criteria = [name for name, _ in AlwaysEventCandidate.CRITERIA]

    def save(data):
        met = set(data["criteria"])
        return services.update_always_event_candidate(
            actor=request.user,
            candidate=candidate,
            version=data["version"],
            statement=data["statement"],
            notes=data["notes"],
            **{name: name in met for name in criteria},
        )

    edit = shared.versioned_edit(
        request,
        AlwaysEventEditForm,
        candidate,
        save=save,
        initial=lambda c: {
            "statement": c.statement,
            "notes": c.notes,
            "version": c.version,
            "criteria": [name for name in criteria if getattr(c, name)],
        },
        reload=lambda: selectors.always_event_in(project=project, candidate_id=candidate.pk),
    )
    return _evidence_edit(
        request,
        organisation,
        project,
        edit,
        heading="Change an Always Events candidate",
        submit="Save the candidate",
        message="Always Events candidate saved.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def touchpoint_edit(request, organisation, project, touchpoint_id):
    touchpoint = selectors.touchpoint_in(project=project, touchpoint_id=touchpoint_id)
    edit = shared.versioned_edit(
        request,
        TouchpointEditForm,
        touchpoint,
        initial=lambda t: {
            "journey_point": t.journey_point,
            "position": t.position,
            "emotion": t.emotion,
            "what_happened": t.what_happened,
            "version": t.version,
        },
        save=lambda data: services.update_touchpoint(
            actor=request.user,
            touchpoint=touchpoint,
            version=data["version"],
            journey_point=data["journey_point"],
            emotion=data["emotion"],
            position=data["position"],
            what_happened=data["what_happened"],
        ),
        reload=lambda: selectors.touchpoint_in(project=project, touchpoint_id=touchpoint.pk),
    )
    return _evidence_edit(
        request,
        organisation,
        project,
        edit,
        heading="Change a touchpoint",
        submit="Save the touchpoint",
        message="Touchpoint saved. Any names or contact details were removed before saving.",
    )

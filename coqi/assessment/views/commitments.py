"""Commitment pages. Thin: forms validate, services write, selectors read; each view declares its access rule."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coqi.assessment import framework as frameworks
from coqi.assessment.forms.commitments import CheckInForm, CommitmentEditForm, CommitmentForm
from coqi.assessment.models.commitments import LEVEL_DESCRIPTIONS, Level
from coqi.assessment.selectors import commitments as selectors
from coqi.assessment.selectors import rounds as assessment_selectors
from coqi.assessment.services import commitments as services
from coqi.core.access import organisation_rule
from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.core.permissions import allows
from coqi.core.selectors import members_of

SHOWS = {"open": "Open", "overdue": "Overdue", "all": "All"}
GAP_REVIEW_AFTER = timedelta(days=90)  # a quarter: long enough to act, short enough to come before the next round


def _may_follow_up(access, user, commitment) -> bool:
    """The owner, the person who made it, admins and facilitators may check in on a commitment and change it."""
    return allows(access, "organisation.member") and (
        allows(access, "commitments.follow_up") or user.pk in (commitment.owner_id, commitment.created_by_id)
    )


def _section_title(round_, section_id: str) -> str:
    if round_ is None or not section_id:
        return ""
    framework = frameworks.load(round_.framework_id, round_.framework_version)
    return next((s.title for s in framework.sections if s.id == section_id), "")


@organisation_rule("commitments.view")
def commitment_list(request, organisation):
    show = request.GET.get("show", "open")
    show = show if show in SHOWS else "open"
    rows = selectors.commitments_of(organisation=organisation)
    if show == "overdue":
        rows = selectors.overdue(organisation=organisation)
    elif show == "open":
        rows = rows.filter(status__in=["not_started", "in_progress"])
    return render(
        request,
        "assessment/commitments/list.jinja",
        {
            "organisation": organisation,
            "commitments": list(rows),
            "show": show,
            "shows": SHOWS,
            "levels": Level,
            "today": timezone.localdate(),
            "can_make": allows(request.access, "commitments.make"),
        },
    )


@organisation_rule("commitments.make")
@require_http_methods(["GET", "POST"])
def commitment_new(request, organisation):
    members = list(members_of(organisation=organisation))
    source = request.POST if request.method == "POST" else request.GET
    round_ = None
    if source.get("round"):
        round_ = assessment_selectors.round_for(organisation=organisation, round_id=source.get("round"))
    section_id = (source.get("section") or "")[:80]
    section_title = _section_title(round_, section_id)
    initial = {"owner": request.user.pk, "round": round_.pk if round_ else None, "section": section_id}
    form = CommitmentForm(request.POST if request.method == "POST" else None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next((m.user for m in members if m.user_id == data["owner"]), None)
        try:
            commitment = services.make_commitment(
                actor=request.user,
                organisation=organisation,
                level=data["level"],
                text=data["text"],
                owner=owner,
                review_on=data["review_on"],
                source_round=round_,
                source_section=section_id if section_title else "",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Commitment made. It will show on its owner's home page if it becomes overdue.")
            return redirect("commitments:detail", org_slug=organisation.slug, commitment_id=commitment.pk)
    return render(
        request,
        "assessment/commitments/new.jinja",
        {
            "organisation": organisation,
            "form": form,
            "round": round_,
            "section_title": section_title,
            "level_descriptions": LEVEL_DESCRIPTIONS,
        },
    )


@organisation_rule("commitments.view", change="commitments.follow_up")
@require_http_methods(["GET", "POST"])
def commitment_page(request, organisation, commitment_id):
    commitment = selectors.commitment_for(organisation=organisation, commitment_id=commitment_id)
    can_check_in = _may_follow_up(request.access, request.user, commitment)
    form = None
    conflict = None
    if can_check_in:
        data = request.POST if request.method == "POST" else None
        form = CheckInForm(data, initial={"status": commitment.status, "version": commitment.version})
        if request.method == "POST" and form.is_valid():
            clean = form.cleaned_data
            try:
                services.check_in(
                    actor=request.user,
                    commitment=commitment,
                    note=clean["note"],
                    status=clean["status"],
                    next_review_on=clean["next_review_on"],
                    expected_version=clean["version"],
                )
            except EditConflict as error:
                conflict = error.messages[0]
                commitment = selectors.commitment_for(organisation=organisation, commitment_id=commitment_id)
                form = CheckInForm(
                    initial={"status": commitment.status, "version": commitment.version, "note": clean["note"]}
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Check-in recorded.")
                return redirect("commitments:detail", org_slug=organisation.slug, commitment_id=commitment.pk)
    elif request.method == "POST":
        raise PermissionDenied  # about this commitment: its owner and maker may, whatever their role
    return render(
        request,
        "assessment/commitments/detail.jinja",
        {
            "organisation": organisation,
            "commitment": commitment,
            "form": form,
            "conflict": conflict,
            "check_ins": list(selectors.check_ins_of(commitment=commitment)),
            "today": timezone.localdate(),
            "section_title": _section_title(commitment.source_round, commitment.source_section),
            "can_edit": can_check_in,
        },
    )


@organisation_rule("commitments.follow_up")
@require_http_methods(["GET", "POST"])
def commitment_edit(request, organisation, commitment_id):
    commitment = selectors.commitment_for(organisation=organisation, commitment_id=commitment_id)
    if not _may_follow_up(request.access, request.user, commitment):
        raise PermissionDenied  # about this commitment: its owner and maker may, whatever their role
    members = list(members_of(organisation=organisation))
    form = CommitmentEditForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial=CommitmentEditForm.initial_from(commitment),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next((m.user for m in members if m.user_id == data["owner"]), None)
        try:
            services.edit_commitment(
                actor=request.user,
                commitment=commitment,
                expected_version=data["version"],
                text=data["text"],
                owner=owner,
                level=data["level"],
                review_on=data["review_on"],
                status=data["status"],
            )
        except EditConflict as error:
            conflict = error.messages[0]
            commitment = selectors.commitment_for(organisation=organisation, commitment_id=commitment_id)
            # The latest version, with the person's own wording kept so it is not lost.
            form = CommitmentEditForm(
                members=members, initial={**CommitmentEditForm.initial_from(commitment), "text": data["text"]}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Commitment changed.")
            return redirect("commitments:detail", org_slug=organisation.slug, commitment_id=commitment.pk)
    return render(
        request,
        "assessment/commitments/edit.jinja",
        {
            "organisation": organisation,
            "commitment": commitment,
            "form": form,
            "conflict": conflict,
            "level_descriptions": LEVEL_DESCRIPTIONS,
        },
    )


@organisation_rule("commitments.make")
@require_POST
def commitment_from_gap(request, organisation):
    """One click on a perception gap in a round's results makes a commitment worded from it, owned by the person
    who clicked and reviewed in a quarter; they land on its edit page to make it their own."""
    round_ = assessment_selectors.round_for(organisation=organisation, round_id=request.POST.get("round"))
    section = selectors.gap_in(round=round_, section_id=(request.POST.get("section") or "")[:80])
    commitment = services.make_commitment(
        actor=request.user,
        organisation=organisation,
        level=Level.LEADER,
        owner=request.user,
        text=selectors.suggested_text(round=round_, section=section),
        review_on=timezone.localdate() + GAP_REVIEW_AFTER,
        source_round=round_,
        source_section=section.id,
    )
    messages.success(
        request,
        f"Commitment made about {section.title}. Change the wording, owner, level or review "
        "date below so it says what you will really do.",
    )
    return redirect("commitments:edit", org_slug=organisation.slug, commitment_id=commitment.pk)

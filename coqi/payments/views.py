"""Payment and expenses pages. Thin: forms validate, services write, selectors read; each view has an access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.access import organisation_rule
from coqi.core.formatting import financial_year, financial_year_label, pounds_plain
from coqi.core.permissions import allows, require
from coqi.files.writing import write_csv
from coqi.payments import selectors, services
from coqi.payments.forms import ExpenseForm, RateCardForm, RejectForm
from coqi.payments.models import PayUnit
from coqi.projects.choices import Rung


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


# --- a partner's own claims -------------------------------------------------------------------------------------


@organisation_rule("payments.claim")
def my_claims(request, organisation):
    return render(
        request,
        "payments/mine.jinja",
        {
            "organisation": organisation,
            "mine": selectors.my_claims(organisation=organisation, person=request.user),
        },
    )


@organisation_rule("payments.claim")
@require_POST
def claim_payment(request, organisation, attendance_id):
    attendance = selectors.my_attendance(organisation=organisation, person=request.user, attendance_id=attendance_id)
    try:
        line = services.claim_payment(actor=request.user, attendance=attendance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Payment claimed for {line.activity_title}")
    return redirect("payments:mine", org_slug=organisation.slug)


@organisation_rule("payments.claim")
@require_http_methods(["GET", "POST"])
def expense_new(request, organisation):
    activities = list(selectors.my_activities(organisation=organisation, person=request.user))
    form = ExpenseForm(
        request.POST or None,
        request.FILES or None,
        activities=activities,
        initial={"activity": request.GET.get("activity")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_expense_claim(
                actor=request.user,
                organisation=organisation,
                person=request.user,
                activity=form.activities[data["activity"]],
                category=data["category"],
                amount=data["amount"],
                incurred_on=data["incurred_on"],
                description=data["description"],
                receipt=data["receipt"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Expenses claimed. We will let you know when they are approved.")
            return redirect("payments:mine", org_slug=organisation.slug)
    return render(
        request, "payments/expense_new.jinja", {"organisation": organisation, "form": form, "activities": activities}
    )


# --- facilitators and finance -----------------------------------------------------------------------------------


@organisation_rule("payments.approve")
def overview(request, organisation):
    to_decide = selectors.claims_to_decide(organisation=organisation)
    to_pay = selectors.claims_to_pay(organisation=organisation)
    years = selectors.financial_years(organisation=organisation)
    return render(
        request,
        "payments/overview.jinja",
        {
            "organisation": organisation,
            "lines_to_decide": to_decide[0],
            "expenses_to_decide": to_decide[1],
            "lines_to_pay": to_pay[0],
            "expenses_to_pay": to_pay[1],
            "totals": selectors.totals_by_person_and_year(organisation=organisation),
            "years": years or [financial_year(timezone.localdate())],
            "can_export": allows(request.access, "payments.export"),
            "card": selectors.rate_card_in_force(organisation=organisation, on=timezone.localdate()),
            "unpaid": selectors.attendance_without_payment(organisation=organisation),
        },
    )


def _claim_page(request, organisation, claim, kind: str):
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        require(request.access, "payments.approve")
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_claim(actor=request.user, claim=claim)
                messages.success(request, "Claim approved")
            elif action == "pay":
                require(request.access, "payments.mark_paid")
                services.mark_paid(actor=request.user, claim=claim)
                messages.success(request, "Claim marked paid")
            elif action == "reject":
                if reject_form.is_valid():
                    services.reject_claim(actor=request.user, claim=claim, reason=reject_form.cleaned_data["reason"])
                    messages.success(request, "Claim not approved. The person can see your reason.")
                else:
                    raise ValidationError({"reason": reject_form.errors.get("reason") or ["Say why"]})
            else:
                raise Http404
        except ValidationError as error:
            if action == "reject":
                _errors_to_form(reject_form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
        else:
            return redirect("payments:overview", org_slug=organisation.slug)
    return render(
        request,
        "payments/claim.jinja",
        {
            "organisation": organisation,
            "claim": claim,
            "kind": kind,
            "reject_form": reject_form,
            "can_pay": allows(request.access, "payments.mark_paid") and claim.person_id != request.user.pk,
            "can_decide": allows(request.access, "payments.approve") and claim.person_id != request.user.pk,
        },
    )


@organisation_rule("payments.approve")
@require_http_methods(["GET", "POST"])
def payment_line(request, organisation, line_id):
    return _claim_page(
        request, organisation, selectors.payment_line_in(organisation=organisation, line_id=line_id), "payment"
    )


@organisation_rule("payments.claim")
@require_http_methods(["GET", "POST"])
def expense_claim(request, organisation, expense_id):
    claim = selectors.expense_claim_in(organisation=organisation, expense_id=expense_id)
    if not allows(request.access, "payments.approve"):
        # About this claim: its claimant may read it; 404, as the claim of someone else is not theirs to know of.
        if claim.person_id != request.user.pk or request.method == "POST":
            raise Http404
    return _claim_page(request, organisation, claim, "expense")


@organisation_rule("payments.claim")
def receipt(request, organisation, expense_id):
    """Receipts are never public: only the claimant and approvers of this organisation see them."""
    claim = selectors.expense_claim_in(organisation=organisation, expense_id=expense_id)
    if not claim.receipt or (claim.person_id != request.user.pk and not allows(request.access, "payments.approve")):
        raise Http404
    extension = claim.receipt.name.rsplit(".", 1)[-1]
    try:
        opened = claim.receipt.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a database restored without its media): say so, never serve another file.
        context = {"organisation": organisation, "claim": claim}
        return render(request, "payments/receipt_missing.jinja", context, status=404)
    response = FileResponse(
        opened,
        content_type=claim.receipt_content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"receipt-{claim.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@organisation_rule("payments.approve")
@require_POST
def create_lines(request, organisation, activity_id):
    activity = selectors.activity_in(organisation=organisation, activity_id=activity_id)
    try:
        lines = services.create_payment_lines(actor=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{len(lines)} payment line{'s' if len(lines) != 1 else ''} added for {activity.title}"
        )
    return redirect("payments:overview", org_slug=organisation.slug)


@organisation_rule("payments.approve")
@require_http_methods(["GET", "POST"])
def rate_cards(request, organisation):
    form = RateCardForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_rate_card(
                    actor=request.user,
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    effective_from=form.cleaned_data["effective_from"],
                    basis=form.cleaned_data.get("basis") or "hourly",
                    hourly_rates=form.rates("rate"),
                    half_day_rates=form.rates("half"),
                    full_day_rates=form.rates("full"),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_messages in error.message_dict.items():
                        target = f"rate_{field}" if f"rate_{field}" in form.fields else field
                        for suffix, prefix in (("_half", "half"), ("_full", "full")):
                            if field.endswith(suffix):
                                target = f"{prefix}_{field.removesuffix(suffix)}"
                        form.add_error(target if target in form.fields else None, field_messages)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, "Rate card added")
                return redirect("payments:rates", org_slug=organisation.slug)
    return render(
        request,
        "payments/rates.jinja",
        {
            "organisation": organisation,
            "form": form,
            "cards": list(selectors.rate_cards(organisation=organisation)),
            "rungs": Rung,
            "PayUnit": PayUnit,
        },
    )


@organisation_rule("payments.export")
def export_csv(request, organisation):
    """Approved and paid items for one financial year (?year=2026 for 2026/27), one row each, for finance."""
    try:
        year = int(request.GET.get("year") or financial_year(timezone.localdate()))
    except ValueError:
        raise Http404 from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.slug}-payments-{financial_year_label(year).replace("/", "-")}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    header = ["Name", "E-mail", "Type", "Activity", "Date", "Detail", "Amount (£)", "Status", "Reference"]
    lines = (_finance_line(row) for row in selectors.export_rows(organisation=organisation, year=year))
    write_csv([header, *lines], response)  # every cell neutralised, the e-mail and names too (ADR 0038)
    return response


def _finance_line(row) -> list:
    item = row["item"]
    return [
        item.person.display_name,
        item.person.email,
        row["kind"],
        item.activity_title,
        row["day"].isoformat(),
        row["detail"],
        pounds_plain(item.amount_pence),
        item.get_status_display(),
        f"{'P' if row['kind'] == 'Involvement payment' else 'E'}{item.pk}",
    ]

"""Signing in and out, password reset, and a person's own account page with API tokens."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from coqi.accounts import selectors, services, sso
from coqi.accounts.forms import ProfileForm, SignInForm, TokenForm
from coqi.core.access import login_required_rule, public


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@public
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request) or "core:home")
    form = SignInForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(_safe_next(request) or "core:home")
    return render(
        request,
        "accounts/sign_in.jinja",
        {"form": form, "next": _safe_next(request) or "", "sso_label": sso.button_label()},
    )


@public
@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.jinja")


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this after too many failed sign-ins (see AXES_LOCKOUT_CALLABLE)."""
    return render(request, "accounts/locked_out.jinja", status=429)


@login_required_rule
@require_http_methods(["GET", "POST"])
def account(request):
    form = ProfileForm(
        request.POST if request.method == "POST" else None, initial={"display_name": request.user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, "Your name has been updated.")
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.jinja",
        {"form": form, "tokens": selectors.access_tokens_for(user=request.user), "token_form": TokenForm()},
    )


@login_required_rule
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.change_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.jinja", {"form": form})


@login_required_rule
@require_http_methods(["GET", "POST"])
def token_create(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_access_token(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.messages)
        else:
            # The secret is in this response only; it is not stored anywhere.
            response = render(request, "accounts/token_created.jinja", {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/token_new.jinja", {"form": form})


@login_required_rule
@require_POST
def token_revoke(request, token_id):
    token = services.revoke_access_token(user=request.user, token_id=token_id)
    messages.success(request, f"The token '{token.name}' has been revoked. It can no longer be used.")
    return redirect("accounts:account")


password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.jinja",
        email_template_name="accounts/emails/password_reset.txt",
        subject_template_name="accounts/emails/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-sent"),
    )
)
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.jinja")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.jinja",
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.jinja")
)

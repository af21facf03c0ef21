"""Writes about a person's own account; each in one transaction with one audit event."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from coqi.accounts.models import PersonalAccessToken, User
from coqi.accounts.sso import SsoRefused
from coqi.core import audit

# Plain-English names for the audit trail (the other account actions are named in coqi/core/audit.py).
AUDIT_LABELS = {
    "account.sso_signed_in": "Signed in with single sign-on",
    "account.sso_refused": "Single sign-on refused",
}


@transaction.atomic
def update_profile(*, user, display_name: str):
    before = user.display_name
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    audit.record(
        actor=user,
        organisation=None,
        action="account.updated",
        target=user,
        changes={"display_name": [before, user.display_name]},
    )
    return user


@transaction.atomic
def create_access_token(*, user, name: str) -> tuple[PersonalAccessToken, str]:
    """Returns the stored token and the secret, which is never kept and can be shown only this once."""
    if not name.strip():
        raise ValidationError({"name": "Enter what the token is for"})
    secret, token_hash = PersonalAccessToken.generate()
    token = PersonalAccessToken.objects.create(user=user, name=name.strip(), token_hash=token_hash)
    audit.record(
        actor=user, organisation=None, action="access_token.created", target=token, changes={"name": token.name}
    )
    return token, secret


@transaction.atomic
def revoke_access_token(*, user, token_id) -> PersonalAccessToken:
    token = user.access_tokens.filter(pk=token_id if str(token_id).isdigit() else None).first()
    if token is None:
        raise Http404
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=user, organisation=None, action="access_token.revoked", target=token, changes={"name": token.name}
        )
    return token


@transaction.atomic
def change_password(*, user, new_password: str):
    """The person has proved who they are (old password) and the new one passed the validators in the form."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=user, organisation=None, action="account.password_changed", target=user, changes={})
    return user


@transaction.atomic
def sign_in_with_sso(*, email: str, display_name: str = "", issuer: str):
    """The account for a staff e-mail address the provider has vouched for, made (with no organisation and no
    password) when there is none yet; refused when the account has been closed. Returns (user, created)."""
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    created = user is None
    if created:
        # No memberships: only an organisation's invitation gives access to anything (docs/adr/0048).
        try:
            with transaction.atomic():  # a savepoint: the same person's first sign-in in two tabs at once
                user = User.objects.create_user(email=email, display_name=display_name.strip()[:150])
        except IntegrityError:
            user, created = User.objects.get(email__iexact=email), False
    if not user.is_active:
        raise SsoRefused(
            "account_closed",
            "Your Co-QI account has been closed. Ask your organisation's Co-QI administrator if you need it again.",
            email=email,
        )
    audit.record(
        actor=user,
        organisation=None,
        action="account.sso_signed_in",
        target=user,
        changes={"issuer": issuer, "new_account": created},
    )
    return user, created


@transaction.atomic
def record_sso_refusal(*, reason: str, email: str = "", issuer: str = ""):
    """Every refused single sign-on is on the audit trail. The address is kept only when it is someone's account
    (so erasing that person removes it); otherwise just its domain, which is enough to see a misrouted tenant."""
    user = User.objects.filter(email__iexact=email).first() if email else None
    changes = {"reason": reason, "issuer": issuer}
    if user is None and email:
        changes["email_domain"] = email.rsplit("@", 1)[-1]
    return audit.record(actor=user, organisation=None, action="account.sso_refused", target=user, changes=changes)

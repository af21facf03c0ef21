"""Writes about a person's own account; each in one transaction with one audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from coqi.accounts.models import PersonalAccessToken
from coqi.core import audit


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

from django.db.models import QuerySet
from django.utils import timezone

from coqi.accounts.models import PersonalAccessToken


def access_tokens_for(*, user) -> QuerySet[PersonalAccessToken]:
    return user.access_tokens.order_by("-created_at")


def user_for_token(*, secret: str):
    """The active person a bearer token belongs to, noting when it was last used; None when unknown or revoked."""
    if not secret or not secret.startswith(PersonalAccessToken.PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=PersonalAccessToken.hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Writing on every call would make each API request a write; a minute's precision is enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

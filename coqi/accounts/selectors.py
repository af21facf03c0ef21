from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from coqi.accounts.models import PersonalAccessToken
from coqi.core import selectors as core_selectors
from coqi.core.models import Invitation


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


def pending_invitations_for(*, email: str):
    """Invitations to this address that can still be accepted, newest first, with their organisations."""
    oldest = timezone.now() - timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    return (
        Invitation.objects.select_related("organisation")
        .filter(email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, created_at__gte=oldest)
        .order_by("-created_at")
    )


def has_somewhere_to_go(*, user) -> bool:
    """Whether signing in leads anywhere: a membership of an organisation or a system to view."""
    return core_selectors.memberships_for(user=user).exists() or core_selectors.viewable_systems_for(user=user).exists()

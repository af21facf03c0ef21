"""Personal data held by accounts (coqi/rights/contract.md): API tokens, and the Django admin's log.

The user row itself is anonymised by coqi.rights after every app has erased (it is not in MODELS: it is the person).
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from coqi.accounts.models import PersonalAccessToken, User
from coqi.core.erasure import ERASED_NAME, rows

TITLE = "Your account and API tokens"
MODELS = [PersonalAccessToken, LogEntry]


def _about(user):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))


def export(user) -> dict:
    return {
        # The token itself is never stored; its hash is a secret and is left out.
        "personal_access_tokens": rows(
            PersonalAccessToken.objects.filter(user=user), "id", "name", "created_at", "last_used_at", "revoked_at"
        ),
        "admin_log_entries_by_you": rows(
            LogEntry.objects.filter(user=user), "id", "action_time", "object_repr", "action_flag", "change_message"
        ),
        "admin_log_entries_about_you": rows(_about(user), "id", "action_time", "action_flag", "change_message"),
    }


def erase(user) -> None:
    PersonalAccessToken.objects.filter(user=user).delete()
    # The site operators' log of what they changed is kept (it says what happened, by the anonymised account);
    # the label naming this person is not.
    _about(user).update(object_repr=ERASED_NAME, change_message="")

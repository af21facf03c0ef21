"""Invitation links: the invitation's id, signed and time-stamped, so a link cannot be guessed, edited or reused
late."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

_SALT = "coqi.core.invitation"


class InvitationLinkError(Exception):
    """The link cannot be used; `message` says why in plain English."""

    message = "This invitation link is not valid. Check you copied the whole link from the e-mail."


class InvitationLinkTampered(InvitationLinkError):
    pass


class InvitationLinkExpired(InvitationLinkError):
    message = "This invitation link has expired. Ask the person who invited you to send a new one."


class InvitationAlreadyUsed(InvitationLinkError):
    message = "This invitation has already been used or was withdrawn. Sign in, or ask for a new invitation."


def make_token(invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=_SALT, compress=True)


def read_token(token: str) -> int:
    """The invitation id in a link, or an InvitationLinkError saying why it cannot be used."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=settings.INVITATION_MAX_AGE_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        raise InvitationLinkExpired from None
    except signing.BadSignature:
        raise InvitationLinkTampered from None
    except Exception:  # a malformed token can fail in decoding before the signature is checked
        raise InvitationLinkTampered from None
    invitation_id = payload.get("i") if isinstance(payload, dict) else None
    if not isinstance(invitation_id, int):
        raise InvitationLinkTampered
    return invitation_id

"""Spam protection for the public form, without third-party services (ADR 0023).

- a honeypot field people never see (bots fill every field): the submission is quietly dropped;
- a signed timestamp from when the form was drawn: a submission quicker than a person could type is refused,
  and one whose stamp is missing, forged or more than a day old is asked to send again;
- a limit per IP address over an hour, counted in Django's cache;
- links are counted by the service: many links hold the idea with a flag for the moderator.
"""

from __future__ import annotations

import time

from django.core import signing
from django.core.cache import cache

SALT = "coqi.ideas.form-started"
MINIMUM_SECONDS = 3  # nobody reads the form and writes an idea in under three seconds
MAXIMUM_SECONDS = 24 * 60 * 60
RATE_LIMIT = 5  # ideas per IP address
RATE_WINDOW_SECONDS = 60 * 60

TOO_QUICK = "That was quicker than a person could type. Please check your idea and send it again."
STALE = "This form had expired. Please check your idea and send it again."
TOO_MANY = (
    "You have sent several ideas from here in the last hour. Thank you — please try again later, "
    "so that everyone's ideas can be read."
)


def form_started_stamp(at: float | None = None) -> str:
    """A tamper-proof note of when the form was drawn, sent back with the submission."""
    return signing.dumps({"t": at if at is not None else time.time()}, salt=SALT, compress=False)


def timing_problem(stamp: str | None, now: float | None = None) -> str | None:
    """None if the form was filled in at a human pace, otherwise the message to show."""
    try:
        started = float(signing.loads(stamp or "", salt=SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return STALE
    elapsed = (now if now is not None else time.time()) - started
    if elapsed < MINIMUM_SECONDS:
        return TOO_QUICK
    if elapsed > MAXIMUM_SECONDS:
        return STALE
    return None


def client_address(request) -> str:
    """REMOTE_ADDR only: X-Forwarded-For is chosen by the sender, so trusting it would let anyone dodge the limit.
    Behind a proxy, the proxy must set REMOTE_ADDR (ADR 0023)."""
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _key(address: str) -> str:
    return f"coqi.ideas.rate:{address}"


def over_rate_limit(address: str) -> bool:
    return (cache.get(_key(address)) or 0) >= RATE_LIMIT


def count_submission(address: str) -> None:
    key = _key(address)
    if not cache.add(key, 1, timeout=RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)

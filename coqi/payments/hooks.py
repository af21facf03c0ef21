"""Payments react to attendance through coqi.projects.registry, so projects never import payments."""

from coqi.payments import services
from coqi.projects.registry import attendance_listener


@attendance_listener
def make_payment_lines(*, actor, activity) -> None:
    services.sync_payment_lines(actor=actor, activity=activity)

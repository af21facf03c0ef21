"""Payments react to attendance (listed in coqi/config/extensions.py ATTENDANCE_LISTENERS), so projects never
import payments."""

from coqi.payments import services


def make_payment_lines(*, actor, activity) -> None:
    services.sync_payment_lines(actor=actor, activity=activity)

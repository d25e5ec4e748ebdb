"""Plausibility of a visit's date: pure checks, no database."""

from datetime import timedelta

#: a visit is booked at most this many days ahead; later dates are typing errors
BOOKING_HORIZON_DAYS = 365


def too_far_ahead(visit_date, today):
    """True when ``visit_date`` lies beyond the booking horizon from ``today``."""
    if not visit_date or not today:
        return False
    return visit_date > today + timedelta(days=BOOKING_HORIZON_DAYS)

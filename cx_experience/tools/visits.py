"""Plausibility of a visit's dates and of what is recorded about it: pure checks."""

from datetime import date, datetime, timedelta

#: a visit is booked at most this many days ahead; later dates are typing errors
BOOKING_HORIZON_DAYS = 365


def too_far_ahead(visit_date, today):
    """True when ``visit_date`` lies beyond the booking horizon from ``today``."""
    if not visit_date or not today:
        return False
    return visit_date > today + timedelta(days=BOOKING_HORIZON_DAYS)


#: clock skew allowed between a device and the server for what "already happened"
FUTURE_TOLERANCE_MINUTES = 5


def in_future(value, now):
    """True when ``value`` (a date or a datetime) lies after ``now``.

    Datetimes get a few minutes of tolerance for clocks; dates compare to ``now``'s day.
    """
    if not value or not now:
        return False
    if isinstance(value, datetime):
        return value > now + timedelta(minutes=FUTURE_TOLERANCE_MINUTES)
    if isinstance(value, date):
        return value > (now.date() if isinstance(now, datetime) else now)
    return False

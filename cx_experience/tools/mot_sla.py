"""Moments-of-truth SLAs of a visit (seed 001): pure checks on timestamps."""

from datetime import timedelta

BOOKING_CONFIRM_MINUTES = 5
PRE_ARRIVAL_NOTICE_MINUTES = 15
#: urgent visits (seed 000, 紧急通道): a broken-down car is taken in within 2 hours
URGENT_RECEPTION_HOURS = 2
#: the service manager is warned this long before an urgent reception is due
URGENT_WARNING_MINUTES = 30


def booking_breach(requested, confirmed, now=None):
    """Booking not confirmed within 5 minutes of the request.

    Without confirmation, a breach once ``now`` is past the deadline (if ``now`` given).
    """
    if not requested:
        return False
    deadline = requested + timedelta(minutes=BOOKING_CONFIRM_MINUTES)
    if confirmed:
        return confirmed > deadline
    return bool(now and now > deadline)


def pre_arrival_breach(notice, arrival):
    """Pre-arrival notice missing or sent less than 15 minutes before the arrival."""
    if not arrival:
        return False
    if not notice:
        return True
    return notice > arrival - timedelta(minutes=PRE_ARRIVAL_NOTICE_MINUTES)


def delivery_report_breach(done, report_sent):
    """The visit is done but no delivery report was sent to the customer."""
    return bool(done and not report_sent)


def urgent_deadline(requested):
    """When the car of an urgent visit requested at ``requested`` must be received."""
    return requested and requested + timedelta(hours=URGENT_RECEPTION_HOURS)


def urgent_breach(deadline, received, now):
    """The car was received after the deadline, or is still not received past it."""
    if not deadline:
        return False
    if received:
        return received > deadline
    return now > deadline


def urgent_at_risk(deadline, received, now):
    """Not received and the deadline is less than the warning time away (or past)."""
    return bool(
        deadline
        and not received
        and now >= deadline - timedelta(minutes=URGENT_WARNING_MINUTES)
    )

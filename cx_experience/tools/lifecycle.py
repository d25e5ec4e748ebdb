"""Lifecycle stage of a vehicle (and of its customer) from its acquisition date.

purchase: day 0 to day 7 after acquisition; break-in: until 6 months; stable: 6 months to
3 years; decline: 3 years and more. Nothing before the acquisition date.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

PURCHASE = "purchase"
BREAK_IN = "break_in"
STABLE = "stable"
DECLINE = "decline"
STAGES = [PURCHASE, BREAK_IN, STABLE, DECLINE]
PURCHASE_DAYS = 7


def boundaries(acquisition_date):
    """First day of break-in, stable and decline for a vehicle acquired that day."""
    return (
        acquisition_date + timedelta(days=PURCHASE_DAYS + 1),
        acquisition_date + relativedelta(months=6),
        acquisition_date + relativedelta(years=3),
    )


def stage(acquisition_date, today):
    """Lifecycle stage on ``today`` (a date), or ``False`` without/before acquisition."""
    if not acquisition_date or today < acquisition_date:
        return False
    break_in, stable, decline = boundaries(acquisition_date)
    if today >= decline:
        return DECLINE
    if today >= stable:
        return STABLE
    if today >= break_in:
        return BREAK_IN
    return PURCHASE


def next_change(acquisition_date, today):
    """First date after ``today`` on which the stage changes (``False`` once in decline)."""
    if not acquisition_date:
        return False
    if today < acquisition_date:
        return acquisition_date
    for boundary in boundaries(acquisition_date):
        if boundary > today:
            return boundary
    return False


def latest(stages):
    """Customer stage from the stages of their vehicles: the newest vehicle wins."""
    stages = [s for s in stages if s]
    return min(stages, key=STAGES.index) if stages else False
